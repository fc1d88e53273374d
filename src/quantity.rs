//! K7's resource quantities (docs/semantics.md#rules): what it accepts, and the spelling to suggest otherwise.

/// Why a quantity was refused, and the accepted spelling of the same amount when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Why, in a few words.
    pub reason: String,
    /// The same (or nearest) amount in a spelling K7 accepts.
    pub suggestion: Option<String>,
    /// Whether the suggestion is exactly the amount written (not rounded to a unit K7 accepts).
    pub exact: bool,
}

/// The unit of an accepted quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A bare integer.
    One,
    /// Thousandths (`m`).
    Milli,
    /// Millions (`M`): K7 lower-cases it into `m` and accepts it, Kubernetes reads millions.
    Mega,
    /// `Ki`, `Mi` or `Gi` (`Ti` on disks): the power of 1024.
    Binary(u32),
}

/// An accepted quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The integer written.
    pub number: u64,
    /// Its unit.
    pub unit: Unit,
}

impl Quantity {
    /// The amount in bytes (rounded down for `m`), for memory-like quantities.
    pub fn bytes(self) -> u128 {
        let n = u128::from(self.number);
        match self.unit {
            Unit::One => n,
            Unit::Milli => n / 1000,
            Unit::Mega => n * 1_000_000,
            Unit::Binary(p) => n << (10 * p),
        }
    }
}

const BINARY: &[(&str, u32)] = &[
    ("Ki", 1),
    ("Mi", 2),
    ("Gi", 3),
    ("Ti", 4),
    ("Pi", 5),
    ("Ei", 6),
];
const DECIMAL: &[(&str, u32)] = &[
    ("k", 1),
    ("K", 1),
    ("M", 2),
    ("G", 3),
    ("T", 4),
    ("P", 5),
    ("E", 6),
];

/// Parses a quantity with K7's parser: an integer, `<n>m` (and `<n>M`, which K7 lower-cases
/// into it), or `<n>Ki|Mi|Gi` (`Ti` too when `terabytes`, as disk sizes allow).
pub fn parse(text: &str, terabytes: bool) -> Result<Quantity, Refusal> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits_ok = !int.is_empty()
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.chars().all(|c| c.is_ascii_digit());
    let max_binary = if terabytes { 4 } else { 3 };
    let unit = match suffix {
        "" => Some(Unit::One),
        "m" => Some(Unit::Milli),
        "M" => Some(Unit::Mega),
        s => BINARY
            .iter()
            .find(|(n, p)| *n == s && *p <= max_binary)
            .map(|&(_, p)| Unit::Binary(p)),
    };
    if digits_ok
        && frac.is_empty()
        && number.len() == int.len()
        && let (Some(unit), Ok(number)) = (unit, int.parse::<u64>())
    {
        return Ok(Quantity { number, unit });
    }
    if !digits_ok {
        return Err(Refusal {
            reason: "it is not a number with an optional unit".into(),
            suggestion: None,
            exact: false,
        });
    }
    // The exact amount, in thousandths of the base unit, for the suggestion.
    let scale = 10u128.pow(frac.len().min(30) as u32);
    let mantissa: Option<u128> = format!("{int}{frac}").parse().ok();
    // The amount in bytes (or thousandths for `m` and bare numbers), and whether no digit of
    // the written amount is lost in it.
    let amount = |factor: u128| {
        let v = mantissa.and_then(|m| m.checked_mul(factor))?;
        Some((v / scale, v.is_multiple_of(scale)))
    };
    // `binary` rounds down what no binary unit divides; an amount past 64 bits is no quantity
    // K7 reads. (Not by parsing the suggestion again: a refused suggestion would suggest itself
    // without end.)
    let bytes =
        |factor: u128| amount(factor).map(|(v, whole)| (binary(v), whole && binary_is_exact(v)));
    let (reason, suggestion) = if let Some(&(_, p)) = BINARY.iter().find(|(n, _)| *n == suffix) {
        let why = if frac.is_empty() {
            format!("it does not accept the unit `{suffix}`")
        } else {
            "it accepts whole numbers only".into()
        };
        (why, bytes(1u128 << (10 * p)))
    } else if let Some(&(_, p)) = DECIMAL.iter().find(|(n, _)| *n == suffix) {
        (
            format!("it accepts only binary units (`Ki`, `Mi`, `Gi`), not `{suffix}`"),
            bytes(1000u128.pow(p)),
        )
    } else if suffix.is_empty() || suffix == "m" {
        let factor = if suffix == "m" { 1 } else { 1000 };
        (
            "it accepts whole numbers only".into(),
            amount(factor).map(|(v, whole)| (millis(v), whole)),
        )
    } else {
        (format!("`{suffix}` is not a unit it knows"), None)
    };
    let (suggestion, exact) = suggestion.map_or((None, false), |(s, exact)| (Some(s), exact));
    Err(Refusal {
        reason,
        suggestion,
        exact,
    })
}

/// A byte count in the largest binary unit that divides it, else rounded down to `Mi` (a
/// readable size beats an exact count of `Ki`).
pub(crate) fn binary(bytes: u128) -> String {
    for (name, shift) in [("Gi", 30), ("Mi", 20)] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{}{name}", bytes >> shift);
        }
    }
    if bytes >= 1 << 20 {
        format!("{}Mi", bytes >> 20)
    } else if bytes >= 1 << 10 {
        format!("{}Ki", bytes >> 10)
    } else {
        bytes.to_string()
    }
}

/// Whether [`binary`] writes exactly `bytes`, in a quantity of at most 64 bits.
fn binary_is_exact(bytes: u128) -> bool {
    let unit = if bytes >= 1 << 20 {
        1 << 20
    } else if bytes >= 1 << 10 {
        1 << 10
    } else {
        1
    };
    u64::try_from(bytes).is_ok() && bytes.is_multiple_of(unit)
}

/// A count of thousandths as an integer when whole, `<n>m` otherwise.
fn millis(m: u128) -> String {
    if m.is_multiple_of(1000) {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggestion(text: &str) -> Option<String> {
        parse(text, false).err().and_then(|r| r.suggestion)
    }

    #[test]
    fn accepts_k7_spellings() {
        for ok in ["1", "500m", "256Mi", "1Gi", "1024Ki", "1073741824"] {
            assert!(parse(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(parse("2Gi", false).unwrap().bytes(), 2 << 30);
        assert_eq!(parse("1Ti", true).unwrap().bytes(), 1 << 40);
        assert_eq!(parse("512M", false).unwrap().bytes(), 512_000_000);
    }

    #[test]
    fn refuses_with_the_accepted_spelling() {
        assert_eq!(suggestion("0.5").as_deref(), Some("500m"));
        assert_eq!(suggestion("1.5").as_deref(), Some("1500m"));
        assert_eq!(suggestion("2.0").as_deref(), Some("2"));
        assert_eq!(suggestion("1.5Gi").as_deref(), Some("1536Mi"));
        assert_eq!(suggestion("1Ti").as_deref(), Some("1024Gi"));
        assert_eq!(suggestion("1G").as_deref(), Some("953Mi"));
        assert_eq!(suggestion("1gi"), None);
        let exact = |text: &str| parse(text, false).err().is_some_and(|r| r.exact);
        assert!(exact("0.5") && exact("1.5Gi") && exact("1Ti") && exact("2.0"));
        // An amount too large to read suggests itself once, never again and again.
        assert!(!exact("18446744073709551616Gi"));
        assert!(!exact("1G") && !exact("0.0005") && !exact("1.0000001Gi"));
        assert!(parse("", false).is_err());
        assert!(parse("Gi", false).is_err());
        assert!(parse("99999999999999999999999", false).is_err());
    }
}
