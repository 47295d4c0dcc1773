//! The README's lesson and exercise table is the catalog's: this test fails when they differ.

use parlings::catalog;

const BEGIN: &str =
    "<!-- catalog table: generated from src/catalog.rs, checked by tests/readme.rs -->\n";
const END: &str = "<!-- end of catalog table -->";

#[test]
fn the_readme_table_is_the_catalogs() {
    let readme = include_str!("../README.md");
    let table = readme
        .split_once(BEGIN)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(table, _)| table)
        .expect("README.md holds the catalog table between its two markers");
    let want = catalog::markdown_table();
    assert!(
        table == want,
        "README.md's table differs from the catalog; replace it with:\n\n{want}"
    );
}
