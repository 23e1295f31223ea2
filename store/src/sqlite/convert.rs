//! Conversions between the domain's decimals and the integers the schema stores: money as
//! yuan (万元 × 10,000), scores and values as millionths. A value finer than its column
//! holds is an error, never silently rounded.

use rust_decimal::Decimal;

const YUAN_PER_WAN: i64 = 10_000;
const MILLIONTHS: i64 = 1_000_000;

fn scaled(value: Decimal, factor: i64, what: &str) -> Result<i64, String> {
    let too_large = || format!("{what} {} 超出可保存的范围", value.normalize());
    let scaled = value
        .checked_mul(Decimal::from(factor))
        .ok_or_else(too_large)?;
    if !scaled.fract().is_zero() {
        return Err(format!(
            "{what} {} 的小数位数超过可保存的精度",
            value.normalize()
        ));
    }
    i64::try_from(scaled).map_err(|_| too_large())
}

/// 万元 → yuan.
pub(crate) fn money_to_db(wan_yuan: Decimal) -> Result<i64, String> {
    scaled(wan_yuan, YUAN_PER_WAN, "金额（万元，最多 4 位小数）")
}

/// yuan → 万元.
pub(crate) fn money_from_db(yuan: i64) -> Decimal {
    Decimal::new(yuan, 4).normalize()
}

/// A score or statistic → millionths.
pub(crate) fn micro_to_db(value: Decimal) -> Result<i64, String> {
    scaled(value, MILLIONTHS, "数值（最多 6 位小数）")
}

/// millionths → a score or statistic.
pub(crate) fn micro_from_db(micro: i64) -> Decimal {
    Decimal::new(micro, 6).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn values_beyond_the_columns_are_refused_not_a_panic() {
        assert!(micro_to_db(Decimal::MAX).is_err());
        assert!(money_to_db(Decimal::MAX).is_err());
        assert!(micro_to_db(dec!(0.0000001)).is_err());
    }

    #[test]
    fn round_trips_are_exact_and_excess_precision_is_refused() {
        assert_eq!(money_to_db(dec!(593.04)), Ok(5_930_400));
        assert_eq!(money_from_db(5_930_400), dec!(593.04));
        assert_eq!(micro_to_db(dec!(4.722222)), Ok(4_722_222));
        assert_eq!(micro_from_db(4_722_222), dec!(4.722222));
        assert!(money_to_db(dec!(0.00001)).is_err());
        assert!(micro_to_db(dec!(0.0000001)).is_err());
    }
}
