//! Did-you-mean suggestions.

/// The candidate closest to `word`, when it is close enough to be a likely typo: the same up to
/// case, or within an edit distance of a third of its length (at least 1, at most 3).
///
/// Bounded whatever the input: a candidate whose length differs by more than the limit is not
/// compared, and the others in one bit-parallel pass over `word`, so the cost is linear in
/// `word` and in the number of candidates. Candidates longer than 64 characters (none is) are
/// never suggested.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).clamp(1, 3);
    let mut lower: Option<Vec<char>> = None;
    let mut table = [0u64; 128];
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
            distance(lower, c, &mut table)
                .filter(|d| *d <= limit)
                .map(|d| (d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions) between `text`
/// and a `pattern` of at most 64 characters (`None` for a longer one), taken in ASCII lower
/// case, by Hyyrö's bit-parallel algorithm (2003): one column of the edit matrix is a pair of
/// 64-bit vectors of +1/-1 steps, updated in a few word operations per character of `text`.
/// `table` holds the positions of each ASCII character in the pattern; it is all zeros before
/// and after, so one table serves every candidate without clearing it whole.
fn distance(text: &[char], pattern: &str, table: &mut [u64; 128]) -> Option<usize> {
    let m = pattern.chars().count();
    if m > 64 {
        return None;
    }
    if m == 0 {
        return Some(text.len());
    }
    let pattern = || pattern.chars().map(|c| c.to_ascii_lowercase());
    for (i, c) in pattern().enumerate() {
        if let Some(mask) = table.get_mut(c as usize) {
            *mask |= 1 << i;
        }
    }
    // Non-ASCII characters (in no candidate) are looked up by a scan.
    let positions = |table: &[u64; 128], t: char| match table.get(t as usize) {
        Some(mask) => *mask,
        None => pattern()
            .enumerate()
            .filter(|&(_, c)| c == t)
            .fold(0, |mask, (i, _)| mask | 1 << i),
    };
    let last = 1u64 << (m - 1);
    let (mut vp, mut vn, mut d0, mut pm_old) = (u64::MAX, 0u64, 0u64, 0u64);
    let mut score = m;
    for &t in text {
        let pm = positions(table, t);
        let transposed = ((!d0 & pm) << 1) & pm_old;
        d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | transposed;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        if hp & last != 0 {
            score += 1;
        } else if hn & last != 0 {
            score -= 1;
        }
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    for c in pattern() {
        if let Some(mask) = table.get_mut(c as usize) {
            *mask = 0;
        }
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook computation over the whole matrix, for comparison.
    fn full(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

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
        assert_eq!(closest(&"x".repeat(100_000), fields), None);
        let d = |a: &str, b: &str| distance(&a.chars().collect::<Vec<_>>(), b, &mut [0; 128]);
        assert_eq!(d("ab", "ba"), Some(1));
        assert_eq!(d("", "abc"), Some(3));
        assert_eq!(d("kitten", "sitting"), Some(3));
        assert_eq!(d("abcdef", "badcfe"), Some(3));
        assert_eq!(d("é😀x", "😀éx"), Some(1));
        assert_eq!(d("a", &"a".repeat(65)), None);
    }

    #[test]
    fn the_bit_parallel_distance_is_the_textbook_one() {
        // Every pair of strings up to 5 characters over 3 letters, and a few long ones.
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|w| ['a', 'b', 'é'].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        words.push("net_bind_service".into());
        words.push("a".repeat(64));
        words.push("ab".repeat(32));
        let mut table = [0; 128];
        for a in &words {
            let a: Vec<char> = a.chars().collect();
            for b in &words {
                let expected = full(&a, &b.chars().collect::<Vec<_>>());
                assert_eq!(distance(&a, b, &mut table), Some(expected), "{a:?} {b}");
                assert_eq!(table, [0; 128]);
            }
        }
    }
}
