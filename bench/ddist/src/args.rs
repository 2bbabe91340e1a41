//! `--name value` options, enough for two subcommands without a parser dependency.

use std::collections::HashMap;
use std::str::FromStr;

pub struct Args {
    values: HashMap<String, String>,
}

impl Args {
    /// Parses `--name value` pairs, refusing names outside `known` and repeated names.
    pub fn parse(argv: &[String], known: &[&str]) -> Result<Args, String> {
        let mut values = HashMap::new();
        let mut it = argv.iter();
        while let Some(name) = it.next() {
            if !known.contains(&name.as_str()) {
                return Err(format!(
                    "unknown option '{name}' (known: {})",
                    known.join(" ")
                ));
            }
            let value = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            if values.insert(name.clone(), value.clone()).is_some() {
                return Err(format!("{name} given twice"));
            }
        }
        Ok(Args { values })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn required(&self, name: &str) -> Result<&str, String> {
        self.get(name).ok_or_else(|| format!("{name} is required"))
    }

    /// The value parsed as T, or `default` when the option is absent.
    pub fn number<T: FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.get(name) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| format!("{name}: '{text}' is not a number")),
        }
    }

    /// A comma-separated list, empty items dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|text| {
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }
}
