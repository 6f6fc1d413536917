-- The load's submission id, given in its turn (the settings were staged with 0 before it).
--   $1 submission id
UPDATE staging_load SET submission_id = $1
