-- A window's version grows with every change, so that readers can keep decoded statistics and refetch only what changed.
alter table model_window add column version bigint not null default 0;
