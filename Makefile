# readiness: always built and tested with the duckdb_arrow tag (the Arrow API of the DuckDB driver).
GO      ?= go
TAGS    := duckdb_arrow
BIN     := readiness

.PHONY: build test vet fmt demo clean

build:
	$(GO) build -tags $(TAGS) -o $(BIN) ./cmd/readiness

test:
	$(GO) test -tags $(TAGS) ./...

vet:
	$(GO) vet -tags $(TAGS) ./...
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo "gofmt: files above need formatting" && exit 1)

demo:
	$(GO) run -tags $(TAGS) ./cmd/readiness demo

clean:
	rm -rf $(BIN) demo-out readiness-out
