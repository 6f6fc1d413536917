-- Personal data typed into the wrong cell. A value a sender typed that is not a known vocabulary
-- entry or answer is stored, quoted or shown only when it cannot be personal data; otherwise it
-- is masked keeping its shape (letters X or x, digits 9: 'Alice Smith' is 'Xxxxx Xxxxx',
-- 'QQ123456C' is 'XX999999X'), so that the trust still sees what kind of value was in the cell.

-- mask_shape(s): every letter and digit replaced, everything else kept.
CREATE OR REPLACE MACRO mask_shape(s) AS
    translate(s, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
                 'XXXXXXXXXXXXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxxxxxxxxxxxx9999999999');

-- personal_pattern(): what looks like personal data anywhere in a text: an email address; a UK
-- phone number (07..., 01..., 02..., +44 (0)...); an NHS number (3-3-4 digits); a National
-- Insurance number; a staff or payroll number (one to four letters and five or more digits, or six
-- digits or more); a
-- date (of birth); a postcode; an IP address.
CREATE OR REPLACE MACRO personal_pattern() AS
    '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
    || '|(\+44\s?(\(0\)\s?)?\d|\b0\d)([\s-]?\d){8,9}\b'
    || '|\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b'
    || '|\b[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]\b'
    || '|\b[A-Za-z]{1,4}\d{5,}\b|\b\d{6,}\b'
    || '|\b\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})\b|\b(19|20)\d\d-\d\d-\d\d\b'
    || '|\b\d{1,2}\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(19|20)\d\d\b'
    || '|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b'
    || '|\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b';

-- looks_like_name(s): the whole value is two or three capitalised words (a person's name, with
-- or without a title), or "Surname, Forename".
CREATE OR REPLACE MACRO looks_like_name(s) AS
    regexp_full_match(trim(coalesce(s, '')),
        '[A-Z][a-z]*([''’-][A-Z]?[a-z]+)*(\s+[A-Z][a-z]*([''’-][A-Z]?[a-z]+)*){1,2}|[A-Z][a-z]*([''’-][A-Z]?[a-z]+)*,\s*[A-Z][a-z]+');

-- looks_personal(s): whether a text could be or hold personal data.
CREATE OR REPLACE MACRO looks_personal(s) AS
    coalesce(regexp_matches(s, personal_pattern()) OR looks_like_name(s), false);

-- redact(s): the text with everything that looks personal masked (a name: the whole value).
CREATE OR REPLACE MACRO redact(s) AS
    CASE WHEN s IS NULL THEN NULL
         WHEN looks_like_name(s) THEN mask_shape(s)
         ELSE list_reduce(list_prepend(s, regexp_extract_all(s, personal_pattern())), lambda acc, m: replace(acc, m, mask_shape(m)))
    END;
