# readiness: always built and tested with the duckdb_arrow tag (the Arrow API of the DuckDB driver).
GO      ?= go
TAGS    := duckdb_arrow
BIN     := readiness

.PHONY: build test vet fmt demo clean fuzz

build:
	$(GO) build -tags $(TAGS) -o $(BIN) ./cmd/readiness

test:
	$(GO) test -tags $(TAGS) ./...

vet:
	$(GO) vet -tags $(TAGS) ./...
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo "gofmt: files above need formatting" && exit 1)

# Each fuzz target runs for FUZZTIME (default 1m); see .ci/fuzz.
FUZZTIME ?= 1m

fuzz:
	FUZZTIME=$(FUZZTIME) bash .ci/fuzz

demo:
	$(GO) run -tags $(TAGS) ./cmd/readiness demo

clean:
	rm -rf $(BIN) demo-out readiness-out
