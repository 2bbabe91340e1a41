//! Splits a query file into its statements: TPC-H Q15 is `create view; select; drop view`.

/// The statements of `sql` split at top-level semicolons, skipping those inside quoted strings,
/// quoted identifiers and comments; statements that are only whitespace or comments are dropped.
pub fn split_statements(sql: &str) -> Vec<String> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut has_code = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                let quote = bytes[i];
                i += 1;
                // A doubled quote is an escaped quote: the loop simply re-enters the string.
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                has_code = true;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b';' => {
                if has_code {
                    out.push(sql[start..i].trim().to_string());
                }
                start = i + 1;
                has_code = false;
            }
            c if !c.is_ascii_whitespace() => has_code = true,
            _ => {}
        }
        i += 1;
    }
    if has_code {
        out.push(sql[start..].trim().to_string());
    }
    out
}

/// True for CREATE/DROP statements: they run and are timed, but a multi-statement file's answer
/// is its last other statement (Q15's select, not the drop view after it).
pub fn is_ddl(statement: &str) -> bool {
    let mut rest = statement;
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("--") {
            rest = after.find('\n').map_or("", |i| &after[i..]);
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |i| &after[i + 2..]);
        } else {
            rest = trimmed;
            break;
        }
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    word.eq_ignore_ascii_case("create") || word.eq_ignore_ascii_case("drop")
}

#[cfg(test)]
mod tests {
    use super::{is_ddl, split_statements};

    #[test]
    fn ddl_is_create_or_drop_after_comments() {
        assert!(is_ddl("-- q15\n/* view */ CREATE view v as select 1"));
        assert!(is_ddl("drop view v"));
        assert!(!is_ddl("-- create\nselect 1"));
        assert!(!is_ddl("with x as (select 1) select * from x"));
    }

    #[test]
    fn splits_q15_shape_and_ignores_quoted_and_commented_semicolons() {
        let sql = "-- q15; header\ncreate view v as select ';' as s;\n\
                   select * from v /* ; */ where s = 'a''b;';\ndrop view v;\n-- trailing\n";
        assert_eq!(
            split_statements(sql),
            vec![
                "create view v as select ';' as s".to_string(),
                "select * from v /* ; */ where s = 'a''b;'".to_string(),
                "drop view v".to_string(),
            ]
        );
    }

    #[test]
    fn single_statement_without_semicolon() {
        assert_eq!(split_statements("select 1\n"), vec!["select 1".to_string()]);
        assert!(split_statements("  -- nothing\n ; ").is_empty());
    }
}
