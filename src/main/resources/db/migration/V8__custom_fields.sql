-- Custom fields (issue 12): a run that reads them stages the definitions, options and people's values, and the
-- staging of each page of people copies the mapped ones into their attributes (<prefix>attributes.<name>).
CREATE TABLE stage_custom_fields (
  run_id      TEXT NOT NULL,
  external_id TEXT NOT NULL,
  label       TEXT,
  slug        TEXT,
  type        TEXT,
  PRIMARY KEY (run_id, external_id)
);

CREATE TABLE stage_custom_options (
  run_id      TEXT NOT NULL,
  external_id TEXT NOT NULL,
  field_id    TEXT,
  label       TEXT,
  PRIMARY KEY (run_id, external_id)
);

CREATE TABLE stage_custom_values (
  run_id           TEXT NOT NULL,
  field_id         TEXT NOT NULL,
  user_external_id TEXT NOT NULL,
  type             TEXT NOT NULL,
  value            TEXT,
  PRIMARY KEY (run_id, field_id, user_external_id)
);
