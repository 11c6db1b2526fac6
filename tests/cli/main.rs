//! Integration tests: the real `plan` binary on a temporary store, with the date pinned by `--as-of` and
//! the environment (config, store, time zone, language) isolated from the machine running the tests.

mod amend;
mod calendar;
mod counts;
mod documents;
mod events;
mod export;
mod extract;
mod harness;
mod hostile;
mod inputs;
mod members;
mod outputs;
mod props;
mod readme;
mod record;
mod refs;
mod reliability;
mod seed;
mod shared;
mod status;
mod store;
mod tamper;
mod terminal;
mod validate;
