-- source: https://github.com/ClickHouse/ClickHouse/blob/0180e1cadb72fd15dbe5c329bf6bc287adfc8c6f/docs/en/engines/table-engines/log-family/stripelog.md
-- product: ClickHouse docs: StripeLog engine example table
-- adapted: none
CREATE TABLE stripe_log_table
(
    timestamp DateTime,
    message_type String,
    message String
)
ENGINE = StripeLog;
