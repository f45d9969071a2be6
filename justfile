# Passerelle's commands. `just` is optional: each recipe is a `cargo xtask …` you can type.

# List the recipes.
default:
    @just --list --unsorted

# Build the web app and the server, then serve the demo on http://127.0.0.1:8080.
demo *ARGS:
    cargo xtask demo {{ARGS}}

# Every test: format, lints, unit and API tests (SQLite, PostgreSQL), size budget, browser.
test *ARGS:
    cargo xtask test {{ARGS}}

# The tests without format, lints and size budget (add --skip-e2e, --skip-pg to skip more).
test-fast *ARGS:
    cargo xtask test --fast {{ARGS}}

# Regenerate api-spec/openapi.json.
openapi:
    cargo xtask openapi

# The web app's weight against its budget.
size:
    cargo xtask size

# Throughput and latency with wrk (a few minutes; never in CI).
bench:
    cargo xtask bench

# The young person's file at 1 million files on SQLite and PostgreSQL (about 1 h; never in CI).
bench-files:
    cargo xtask bench-files

# The accompaniment pages with two years of history among 1 million files (SQLite; add
# --url postgres://… for PostgreSQL, --db FILE to keep the loaded database; never in CI).
bench-accompaniment *ARGS:
    cargo bench -p storage --bench accompaniment -- {{ARGS}}

# Format every crate.
fmt:
    cargo xtask fmt

# Clippy on the server crates and on the web app (wasm32), warnings denied.
lint:
    cargo xtask lint
