//! Positions are UTF-16 line/column/offset, exact whatever precedes them.

use k7_spec::{Diagnostic, validate};

/// The diagnostic with `code`, and the text its span covers, cut from the UTF-16 code units of
/// the source exactly as JavaScript would with `source.slice(start, end)`.
fn find(source: &str, code: &str) -> (Diagnostic, String) {
    let diagnostics = validate(source);
    let d = diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no `{code}` in {diagnostics:#?}"))
        .clone();
    let span = d.span.expect("a span");
    let units: Vec<u16> = source.encode_utf16().collect();
    let covered =
        String::from_utf16(&units[span.start.offset as usize..span.end.offset as usize]).unwrap();
    (d, covered)
}

fn start(d: &Diagnostic) -> (u32, u32) {
    let s = d.span.unwrap().start;
    (s.line, s.column)
}

#[test]
fn emoji_before_an_error_counts_two_units() {
    let src = "# 🚀🚀\n{name: \"😀\", image: alpine:3.20, egress_whitelist: [10.0.0.0/33]}\n";
    let (d, covered) = find(src, "invalid-egress-entry");
    assert_eq!(covered, "10.0.0.0/33");
    // `{name: "😀", image: alpine:3.20, egress_whitelist: [` is 52 UTF-16 units: the emoji
    // takes two.
    assert_eq!(start(&d), (2, 53));
}

#[test]
fn cjk_text_counts_one_unit_per_character() {
    let src = "name: demo\nimage: alpine:3.20\nbefore_script: echo 沙盒 ; exit 1\n";
    let (d, covered) = find(src, "script-exit");
    assert_eq!(
        covered, "echo 沙盒 ; exit 1",
        "a quoted or plain script points at the whole value"
    );
    assert_eq!(start(&d), (3, 16));
}

#[test]
fn crlf_line_breaks_are_one_break() {
    let src = "name: demo\r\nimage: alpine:3.20\r\n\r\negress_whitelist: [10.0.0.5/8]\r\n";
    let (d, covered) = find(src, "cidr-host-bits");
    assert_eq!(covered, "10.0.0.5/8");
    assert_eq!(start(&d), (4, 20));
}

#[test]
fn a_lone_cr_is_a_line_break_too() {
    let src = "name: demo\rimage: alpine:3.20\regress_whitelist: [10.0.0.5/8]\r";
    let (d, covered) = find(src, "cidr-host-bits");
    assert_eq!(covered, "10.0.0.5/8");
    assert_eq!(start(&d), (3, 20));
}

#[test]
fn tabs_count_one_unit() {
    let src = "name: demo\t# tab\nimage: alpine:3.20\t\ncap_add: [\tSYS_ADMIN,\tNET_ADMIN ]\n";
    let diagnostics = validate(src);
    let starts: Vec<(u32, u32)> = diagnostics
        .iter()
        .filter(|d| d.code == "powerful-capability")
        .map(start)
        .collect();
    assert_eq!(starts, [(3, 12), (3, 23)]);
}

#[test]
fn a_tab_after_a_mapping_colon_is_a_separator() {
    // YAML 1.2 and K7's loader accept it; positions count the tab as one unit.
    let src = "name:\tdemo\nimage:\t\talpine:3.20\nlimits:\n  cpu:\t\"0.5\"\n";
    let (d, covered) = find(src, "invalid-quantity");
    assert_eq!(covered, "\"0.5\"");
    assert_eq!(start(&d), (4, 8));
    assert!(validate(src).iter().all(|d| d.code != "invalid-syntax"));
}

#[test]
fn a_bom_is_in_the_offset_but_not_in_the_column() {
    let src = "\u{feff}nmae: demo\nimage: alpine:3.20\n";
    let (d, covered) = find(src, "unknown-field");
    assert_eq!(covered, "nmae");
    assert_eq!(
        start(&d),
        (1, 1),
        "editors hide the BOM, so columns start after it"
    );
    assert_eq!(
        d.span.unwrap().start.offset,
        1,
        "offsets index the string, BOM included"
    );
}

#[test]
fn flow_mappings_point_inside_the_line() {
    let src = "{name: demo, image: \"alpine:3.20\", limits: {cpu: \"0.5\"}}";
    let (d, covered) = find(src, "invalid-quantity");
    assert_eq!(covered, "\"0.5\"");
    assert_eq!(start(&d), (1, 50));
}

#[test]
fn lines_of_a_literal_block_map_to_source_lines() {
    let src = "name: demo\nimage: alpine:3.20\npod_non_root: true\ncontainer_non_root: true\nbefore_script: |\n  echo 🚀 start\n  apk add --no-cache curl\n  # done\n";
    let (d, covered) = find(src, "package-manager-needs-root");
    assert_eq!(covered, "apk add --no-cache curl");
    assert_eq!(start(&d), (7, 3));
    let (d, covered) = find(src, "script-ends-with-comment");
    assert_eq!(covered, "# done");
    assert_eq!(start(&d), (8, 3));
}

#[test]
fn multi_line_scalars_span_all_their_lines() {
    let src = "name: demo\nimage: alpine:3.20\negress_whitelist: []\nbefore_script: >\n  echo one\n  echo two\nnamespace: default\n";
    let (d, covered) = find(src, "before-script-open-egress");
    assert_eq!(covered, "echo one\n  echo two");
    assert_eq!(start(&d), (5, 3));
    assert_eq!(d.span.unwrap().end.line, 6);
}

#[test]
fn json_positions() {
    let src =
        "{\n  \"name\": \"demo\",\n  \"image\": \"alpine:3.20\",\n  \"cap_drop\": \"ALL\"\n}\n";
    let (d, covered) = find(src, "wrong-type");
    assert_eq!(covered, "\"ALL\"");
    assert_eq!(start(&d), (4, 15));
    assert_eq!(d.path, "/cap_drop");
}

#[test]
fn json_pointer_escapes_slash_and_tilde() {
    let src = "name: demo\nimage: alpine:3.20\nlimits:\n  a/b~c: \"1\"\n";
    let (d, _) = find(src, "unknown-limit");
    assert_eq!(d.path, "/limits/a~1b~0c");
}
