-- source: https://github.com/ClickHouse/clickhouse-docs/blob/02dc649cf26a51831c34a9c1bcd8a09e48391d88/docs/materialized-view/refreshable-materialized-view.md
-- product: ClickHouse docs: "Refreshable materialized view" guide, IMDb example (actor_summary rebuilt every minute from a 6-table join)
-- adapted: the six IMDb source tables (actors, directors, genres, movie_directors, movies, roles) are taken verbatim from docs/integrations/data-ingestion/etl-tools/dbt/guides.md at the same commit, which the refreshable-MV page names as the dataset's setup; dropped the `imdb.` database qualifier everywhere (table names and the `imdb.<table>.<column>` references in the MV query, which become `<table>.<column>`); added the `;` missing after the page's CREATE TABLE actor_summary; dropped the guide's CREATE DATABASE imdb
CREATE TABLE actors
(
    id         UInt32,
    first_name String,
    last_name  String,
    gender     FixedString(1)
) ENGINE = MergeTree ORDER BY (id, first_name, last_name, gender);

CREATE TABLE directors
(
    id         UInt32,
    first_name String,
    last_name  String
) ENGINE = MergeTree ORDER BY (id, first_name, last_name);

CREATE TABLE genres
(
    movie_id UInt32,
    genre    String
) ENGINE = MergeTree ORDER BY (movie_id, genre);

CREATE TABLE movie_directors
(
    director_id UInt32,
    movie_id    UInt64
) ENGINE = MergeTree ORDER BY (director_id, movie_id);

CREATE TABLE movies
(
    id   UInt32,
    name String,
    year UInt32,
    rank Float32 DEFAULT 0
) ENGINE = MergeTree ORDER BY (id, name, year);

CREATE TABLE roles
(
    actor_id   UInt32,
    movie_id   UInt32,
    role       String,
    created_at DateTime DEFAULT now()
) ENGINE = MergeTree ORDER BY (actor_id, movie_id);

CREATE TABLE actor_summary
(
        `id` UInt32,
        `name` String,
        `num_movies` UInt16,
        `avg_rank` Float32,
        `unique_genres` UInt16,
        `uniq_directors` UInt16,
        `updated_at` DateTime
)
ENGINE = MergeTree
ORDER BY num_movies;

CREATE MATERIALIZED VIEW actor_summary_mv
REFRESH EVERY 1 MINUTE TO actor_summary AS
SELECT
        id,
        any(actor_name) AS name,
        uniqExact(movie_id) AS num_movies,
        avg(rank) AS avg_rank,
        uniqExact(genre) AS unique_genres,
        uniqExact(director_name) AS uniq_directors,
        max(created_at) AS updated_at
FROM
(
        SELECT
        actors.id AS id,
        concat(actors.first_name, ' ', actors.last_name) AS actor_name,
        movies.id AS movie_id,
        movies.rank AS rank,
        genre,
        concat(directors.first_name, ' ', directors.last_name) AS director_name,
        created_at
        FROM actors
    INNER JOIN roles ON roles.actor_id = actors.id
    LEFT JOIN movies ON movies.id = roles.movie_id
    LEFT JOIN genres ON genres.movie_id = movies.id
    LEFT JOIN movie_directors ON movie_directors.movie_id = movies.id
    LEFT JOIN directors ON directors.id = movie_directors.director_id
)
GROUP BY id
ORDER BY num_movies DESC;
