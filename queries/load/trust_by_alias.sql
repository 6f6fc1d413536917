-- The organisation a name or code (any of its aliases) stands for.
--   ? the name or code
SELECT code FROM vocab_aliases WHERE kind = 'organisation' AND alias_key = fold(?)
