//! Did-you-mean suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo: the same up to
/// case, or within an edit distance of a third of its length (at least 1, at most 3).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let d = if c.eq_ignore_ascii_case(word) {
                0
            } else {
                distance(&lower, &c.to_ascii_lowercase())
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), over rolling
/// rows: two back (for transpositions), the previous one and the current one.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut prev_char = None;
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let deletion = prev.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insertion = cur.last().map_or(usize::MAX, |d| d + 1);
            let substitution = prev
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let mut d = deletion.min(insertion).min(substitution);
            let swapped = prev_char == Some(cb) && j > 0 && b.get(j - 1) == Some(&ca);
            if let (true, Some(t)) = (swapped, before.get(j.wrapping_sub(1))) {
                d = d.min(t + 1);
            }
            cur.push(d);
        }
        before = std::mem::replace(&mut prev, cur);
        prev_char = Some(ca);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_and_case() {
        let fields = ["egress_whitelist", "expose_ports", "image"];
        assert_eq!(closest("egress_whitelis", fields), Some("egress_whitelist"));
        assert_eq!(
            closest("egress_whtielist", fields),
            Some("egress_whitelist")
        );
        assert_eq!(closest("IMAGE", fields), Some("image"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
