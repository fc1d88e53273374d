//! Bounds on input: size, nesting depth, alias expansion. Each is an error with a position,
//! never a crash or a hang.

use k7_spec::validate;

fn codes(source: &str) -> Vec<&'static str> {
    validate(source).iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn input_over_one_mebibyte_is_refused_with_a_position() {
    let mut src = String::from("name: demo\nimage: alpine:3.20\negress_whitelist:\n");
    while src.len() <= 1 << 20 {
        src.push_str("  - 10.0.0.0/8\n");
    }
    let diagnostics = validate(&src);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "input-too-large");
    let at = diagnostics[0].span.unwrap().start;
    assert!(
        at.offset as usize <= 1 << 20 && at.line > 60_000,
        "points where the limit is crossed: {at:?}"
    );
}

#[test]
fn exactly_sixty_four_levels_are_read_and_sixty_five_are_refused() {
    // The root mapping is level 1 and each bracket one more, so 63 brackets make 64 levels.
    let ok = format!(
        "name: demo\nimage: alpine:3.20\nvolumes: {}{}\n",
        "[".repeat(63),
        "]".repeat(63)
    );
    assert!(
        !codes(&ok).contains(&"nesting-too-deep"),
        "{:?}",
        codes(&ok)
    );
    let deep = format!(
        "name: demo\nimage: alpine:3.20\nvolumes: {}{}\n",
        "[".repeat(64),
        "]".repeat(64)
    );
    assert!(codes(&deep).contains(&"nesting-too-deep"));
}

#[test]
fn very_deep_flow_nesting_is_refused_without_recursion() {
    let src = "[".repeat(500_000);
    assert!(codes(&src).contains(&"nesting-too-deep"));
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        src.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert!(codes(&src).contains(&"alias-expansion-limit"));
}

#[test]
fn an_alias_to_a_spec_value_is_read_like_the_value() {
    let src = "name: &n demo\nimage: alpine:3.20\nnamespace: *n\negress_whitelist: []\n";
    assert!(
        validate(src)
            .iter()
            .all(|d| d.severity != k7_spec::Severity::Error),
        "{:?}",
        validate(src)
    );
}
