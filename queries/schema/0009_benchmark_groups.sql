-- Trusts of the same kind, for benchmarks: the NHS Staff Survey's benchmark group of each
-- organisation (configs/vocabularies/organisations.yaml, benchmark_group), such as "Acute and
-- acute & community trusts" or "Ambulance trusts". A trust without one is compared with no other.
ALTER TABLE organisations ADD COLUMN benchmark_group VARCHAR;
