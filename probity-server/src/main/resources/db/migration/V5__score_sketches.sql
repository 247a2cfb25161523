-- Per window: the scores of its predictions counted in bins with their decisions and (as they arrive) labels, overall
-- and per protected group (ScoreSketches bytes), from which performance is estimated before labels. Null: no scores.
alter table model_window add column scores bytea;
