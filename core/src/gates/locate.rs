//! Line and column of an element of a JSON document, for the problems of JSON gates.
//!
//! `serde_json` values carry no positions; this walks the text along a problem's path
//! (`thresholds["http_req_duration"][0]`, `indicators[0].grading.metricScore`) and returns
//! where the element's value starts.

/// One step of a path.
enum Step {
    Key(String),
    Index(usize),
}

/// `a.b[2]["c.d"]` → `[a, b, 2, c.d]`.
fn steps(path: &str) -> Option<Vec<Step>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[\"") {
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let end = end?;
            out.push(Step::Key(
                serde_json::from_str(&format!("\"{}\"", &after[..end])).ok()?,
            ));
            rest = after[end + 1..].strip_prefix(']')?;
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            out.push(Step::Index(after[..end].parse().ok()?));
            rest = &after[end + 1..];
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            out.push(Step::Key(rest_key[..end].to_owned()));
            rest = &rest_key[end..];
        }
    }
    Some(out)
}

struct Cursor<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Cursor<'_> {
    fn blank(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.at += 1;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
                    return serde_json::from_str(text).ok();
                }
                _ => self.at += 1,
            }
        }
        None
    }

    /// Skips one value (the cursor is at its first byte).
    fn skip(&mut self) -> Option<()> {
        match *self.bytes.get(self.at)? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while self.at < self.bytes.len() {
                    match self.bytes[self.at] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
                None
            }
            _ => {
                while self.at < self.bytes.len() && !b",}] \t\r\n".contains(&self.bytes[self.at]) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// Moves to the value of `step` inside the container at the cursor (the last of
    /// repeated keys, which is the one that counts).
    fn enter(&mut self, step: &Step) -> Option<()> {
        let open = *self.bytes.get(self.at)?;
        self.at += 1;
        let mut index = 0;
        let mut found: Option<usize> = None;
        loop {
            self.blank();
            match *self.bytes.get(self.at)? {
                b'}' | b']' => {
                    self.at = found?;
                    return Some(());
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let matches = if open == b'{' {
                let key = self.string()?;
                self.blank();
                self.at += 1; // ':'
                self.blank();
                matches!(step, Step::Key(k) if *k == key)
            } else {
                index += 1;
                matches!(step, Step::Index(i) if *i == index - 1)
            };
            if matches {
                found = Some(self.at);
            }
            self.skip()?;
        }
    }
}

/// The 1-based line and column where the element at `path` of the JSON `text` starts.
pub(crate) fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    cursor.blank();
    for step in steps(path)? {
        cursor.enter(&step)?;
        cursor.blank();
    }
    let before = &text[..cursor.at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// The problems with the positions their paths have in `text`.
pub(crate) fn located(text: &str, error: &crate::SloError) -> crate::SloError {
    let problems = error
        .problems()
        .iter()
        .map(|p| {
            // k6 paths start at `thresholds`, which a bare thresholds object leaves out.
            let found = locate(text, p.path()).or_else(|| {
                p.path()
                    .strip_prefix("thresholds")
                    .and_then(|rest| locate(text, rest))
            });
            (p.line(), found)
        })
        .zip(error.problems())
        .map(|((line, found), p)| match (line, found) {
            (None, Some((line, column))) if !p.path().is_empty() => p.clone().at(line, column),
            _ => p.clone(),
        })
        .collect();
    crate::SloError::new(problems)
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_keys_indices_and_quoted_keys() {
        let text = "{\n  \"thresholds\": {\n    \"a.b{x:1}\": [\"p(95)<1\", \"avg<\"]\n  },\n  \"x\": 1\n}";
        assert_eq!(locate(text, "thresholds[\"a.b{x:1}\"][1]"), Some((3, 29)));
        assert_eq!(locate(text, "x"), Some((5, 8)));
        assert_eq!(locate(text, "missing"), None);
        assert_eq!(locate("{\"k\": 1, \"k\": 2}", "k"), Some((1, 15)));
    }
}
