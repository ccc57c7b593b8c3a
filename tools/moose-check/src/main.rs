//! moose-check DIR: reads DIR/plan.yaml, remote_state.json and local_infra_map.json the way MooseStack's
//! `load_migration_files` does (cli/routines/migrate.rs 41-91: the plan through a JSON value, each state with
//! serde_json), and prints, as one JSON object, what MooseStack then holds of each file, serialized back with
//! MooseStack's own serializers. A field MooseStack does not know is absent from that output, a field it defaults
//! is present: comparing the output with the files shows anything MooseStack would drop or add. Exit 1 when
//! MooseStack would refuse a file, with its error.

mod moose;

use moose::{sort_json_keys, InfrastructureMap, MigrationPlan};
use serde_json::{json, Value};
use std::path::Path;
use std::process::exit;

fn fail(file: &Path, error: impl std::fmt::Display) -> ! {
    eprintln!("{}: {}", file.display(), error);
    exit(1)
}

fn read(file: &Path) -> String {
    std::fs::read_to_string(file).unwrap_or_else(|e| fail(file, e))
}

fn state(file: &Path) -> Value {
    let map: InfrastructureMap = serde_json::from_str(&read(file)).unwrap_or_else(|e| fail(file, e));
    sort_json_keys(serde_json::to_value(&map).unwrap_or_else(|e| fail(file, e)))
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: moose-check DIR");
        exit(2)
    });
    let dir = Path::new(&dir);
    let plan_file = dir.join("plan.yaml");
    let value: Value = serde_yaml::from_str(&read(&plan_file)).unwrap_or_else(|e| fail(&plan_file, e));
    let plan: MigrationPlan = serde_json::from_value(value).unwrap_or_else(|e| fail(&plan_file, e));
    let plan = serde_json::to_value(&plan).unwrap_or_else(|e| fail(&plan_file, e));
    let out = json!({
        "plan": plan,
        "remote_state": state(&dir.join("remote_state.json")),
        "local_infra_map": state(&dir.join("local_infra_map.json")),
    });
    println!("{}", serde_json::to_string(&out).unwrap());
}
