//! Did-you-mean suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo: the same up to
/// case, or within an edit distance of a third of its length (at least 1, at most 3).
///
/// Bounded whatever the input: a candidate whose length differs by more than the limit is not
/// compared, and the others only along the diagonal band the limit allows, so the cost is
/// linear in `word` and in the candidates' lengths.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 3);
    // Buffers shared by every comparison: no allocation per candidate.
    let mut lower: Option<Vec<char>> = None;
    let mut other = Vec::new();
    let mut rows = Rows::default();
    candidates
        .into_iter()
        .filter_map(|c| {
            if c.chars().count().abs_diff(length) > limit {
                return None;
            }
            if c.eq_ignore_ascii_case(word) {
                return Some((0, c));
            }
            let lower = lower.get_or_insert_with(|| word.to_ascii_lowercase().chars().collect());
            other.clear();
            other.extend(c.chars().map(|c| c.to_ascii_lowercase()));
            distance(lower, &other, limit, &mut rows).map(|d| (d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The rows [`distance`] rolls over: two back (for transpositions), the previous one and the
/// current one.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions) when it is at
/// most `limit`, else `None`. Each row is computed only within `limit` of the diagonal (a cell
/// farther from it costs more than `limit` anyway), and the computation stops as soon as a
/// whole row exceeds `limit`.
fn distance(a: &[char], b: &[char], limit: usize, rows: &mut Rows) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let far = limit + 1;
    let Rows { before, prev, cur } = rows;
    for row in [&mut *before, &mut *prev, &mut *cur] {
        row.clear();
        row.resize(b.len() + 1, far);
    }
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j.min(far);
    }
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let low = row.saturating_sub(limit).max(1);
        let high = (row + limit).min(b.len());
        cur.fill(far);
        if let Some(first) = cur.first_mut() {
            *first = row.min(far);
        }
        let mut best = cur.first().copied().unwrap_or(far);
        for j in low..=high {
            let (Some(&cb), Some(&up), Some(&diagonal), Some(&left)) =
                (b.get(j - 1), prev.get(j), prev.get(j - 1), cur.get(j - 1))
            else {
                continue;
            };
            let mut d = (up + 1).min(left + 1).min(diagonal + usize::from(ca != cb));
            let swapped = j > 1 && i > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 2) == Some(&ca);
            if swapped && let Some(&t) = before.get(j - 2) {
                d = d.min(t + 1);
            }
            let d = d.min(far);
            if let Some(cell) = cur.get_mut(j) {
                *cell = d;
            }
            best = best.min(d);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, cur);
    }
    prev.last().copied().filter(|&d| d <= limit)
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
        let d = |a: &str, b: &str, limit| {
            let chars = |s: &str| s.chars().collect::<Vec<_>>();
            distance(&chars(a), &chars(b), limit, &mut Rows::default())
        };
        assert_eq!(d("ab", "ba", 3), Some(1));
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("abcdef", "badcfe", 3), Some(3));
        assert_eq!(d(&"x".repeat(100_000), "image", 3), None);
        // The band gives the full computation's distance whenever it is within the limit.
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "cab", "image", "imgae", "IMAGE", "mage",
        ];
        for a in words {
            for b in words {
                let full = d(a, b, a.len().max(b.len()));
                for limit in 1..=3 {
                    assert_eq!(d(a, b, limit), full.filter(|&f| f <= limit), "{a} {b}");
                }
            }
        }
    }
}
