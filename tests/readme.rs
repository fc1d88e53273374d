//! README sections generated from the code, so the documentation cannot drift from it.

mod common;

use k7_spec::SECURITY_CHECKS;

/// The Pod Security Standards controls the explanation evaluates, next to the checks of other
/// tools that cover the same ground.
#[test]
fn readme_cross_references_the_security_checks() {
    let list = |ids: &[&str]| {
        if ids.is_empty() {
            "-".to_owned()
        } else {
            ids.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut table = String::from(
        "| Pod Security Standards control | level | kube-linter | checkov | Polaris |\n|---|---|---|---|---|\n",
    );
    for check in SECURITY_CHECKS {
        let level = format!("{:?}", check.level).to_lowercase();
        table += &format!(
            "| {} | {level} | {} | {} | {} |\n",
            check.name,
            list(check.kube_linter),
            list(check.checkov),
            list(check.polaris)
        );
    }
    common::check_readme_section("security-checks", &table);
}
