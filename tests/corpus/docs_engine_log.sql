-- source: https://github.com/ClickHouse/ClickHouse/blob/022a8859d1c12abc888f0139bebce3293437fd9f/docs/en/engines/table-engines/log-family/log.md
-- product: ClickHouse docs: Log engine example table
-- adapted: none
CREATE TABLE log_table
(
    timestamp DateTime,
    message_type String,
    message String
)
ENGINE = Log;
