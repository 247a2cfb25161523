-- Halves of inference request–response pairs (KServe's CloudEvents logger sends them separately), kept until the
-- other half arrives; then both become records in the same transaction and the rows are deleted.
create table pending_event (
    model       varchar(100) not null references model (name),
    event_id    varchar(200) not null,
    kind        varchar(16)  not null,          -- request or response
    body        text         not null,
    received_at timestamp with time zone not null,
    primary key (model, event_id, kind)
);
