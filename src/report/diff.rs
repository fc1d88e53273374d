//! Unified diffs, as `diff -u --label a/FILE --label b/FILE` writes them (git's names, 3 lines of
//! context, `\ No newline at end of file`): what `validate --diff` prints, the same bytes in
//! every front end, which `git apply` and `patch -p1` apply.

use super::text::escape;

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// The most differing lines the shortest edit is searched for (Myers' `D`, whose search costs
/// `D²` memory); beyond, the changed middle is one deletion and one insertion: still a diff that
/// applies, only not the shortest.
const MAX_DIFFERENCES: usize = 1000;

/// A line of the edit script: kept (` `), removed (`-`) or added (`+`), with its end of line.
type Line<'a> = (char, &'a str);

/// The unified diff that turns `old` into `new`, FILE named `a/FILE` and `b/FILE` (escaped as
/// terminal text is); empty when they are equal.
pub(super) fn unified(file: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (
        old.split_inclusive('\n').collect(),
        new.split_inclusive('\n').collect(),
    );
    let script = script(&a, &b);
    let file = escape(file);
    let mut out = format!("--- a/{file}\n+++ b/{file}\n");
    // Hunks: the changes with their context, merged when their contexts meet.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for (i, _) in script
        .iter()
        .enumerate()
        .filter(|(_, (tag, _))| *tag != ' ')
    {
        let (start, end) = (
            i.saturating_sub(CONTEXT),
            (i + 1 + CONTEXT).min(script.len()),
        );
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    for (start, end) in hunks {
        let before = &script[..start];
        let lines = &script[start..end];
        let range = |side: char| {
            let at = before.iter().filter(|(tag, _)| *tag != side).count();
            match lines.iter().filter(|(tag, _)| *tag != side).count() {
                0 => format!("{at},0"),
                1 => format!("{}", at + 1),
                n => format!("{},{n}", at + 1),
            }
        };
        out.push_str(&format!("@@ -{} +{} @@\n", range('+'), range('-')));
        for (tag, line) in lines {
            out.push(*tag);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The shortest edit script from `a` to `b` (Myers' greedy algorithm, after the common head and
/// tail), or, past [`MAX_DIFFERENCES`], the middle replaced whole.
fn script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Line<'a>> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (middle_a, middle_b) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let middle = myers(middle_a, middle_b).unwrap_or_else(|| {
        let removed = middle_a.iter().map(|line| ('-', *line));
        removed
            .chain(middle_b.iter().map(|line| ('+', *line)))
            .collect()
    });
    let kept = |lines: &[&'a str]| lines.iter().map(|line| (' ', *line)).collect::<Vec<_>>();
    [kept(&a[..head]), middle, kept(&a[a.len() - tail..])].concat()
}

/// Myers' shortest edit script, removals before additions where both are as short; `None` past
/// [`MAX_DIFFERENCES`].
fn myers<'a>(a: &[&'a str], b: &[&'a str]) -> Option<Vec<Line<'a>>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let limit = (a.len() + b.len()).min(MAX_DIFFERENCES) as isize;
    // v[k + offset]: the furthest x on diagonal k; trace[d]: v's diagonals -d-1..=d+1 before step d.
    let offset = limit + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    for d in 0..=limit {
        trace.push(v[(offset - d - 1) as usize..=(offset + d + 1) as usize].to_vec());
        for k in (-d..=d).step_by(2) {
            let at = |k: isize| v[(k + offset) as usize];
            let mut x = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                at(k + 1)
            } else {
                at(k - 1) + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                (x, y) = (x + 1, y + 1);
            }
            v[(k + offset) as usize] = x;
            if x >= n && y >= m {
                return Some(backtrack(a, b, &trace));
            }
        }
    }
    None
}

/// The script found by [`myers`], read back from its end through the saved diagonals.
fn backtrack<'a>(a: &[&'a str], b: &[&'a str], trace: &[Vec<isize>]) -> Vec<Line<'a>> {
    let (mut x, mut y) = (a.len() as isize, b.len() as isize);
    let mut script = Vec::new();
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let at = |k: isize| v[(k + d + 1) as usize];
        let k = x - y;
        let previous = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let (px, py) = (at(previous), at(previous) - previous);
        while x > px && y > py {
            (x, y) = (x - 1, y - 1);
            script.push((' ', a[x as usize]));
        }
        if d > 0 {
            if x == px {
                y -= 1;
                script.push(('+', b[y as usize]));
            } else {
                x -= 1;
                script.push(('-', a[x as usize]));
            }
        }
    }
    script.reverse();
    script
}
