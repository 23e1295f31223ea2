//! Serde helpers for the label/value pairs of chart data: each pair is a two-element JSON array
//! whose value is a JSON number (`["2022", 593.04]`), as everywhere else on the wire.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::value::{decimal_number, option_decimal_number};

/// `Vec<(String, Option<Decimal>)>` as `[["2022", 593.04], ["2023", null]]`.
pub(super) mod points {
    use super::*;

    #[derive(Serialize)]
    struct Out<'a>(
        &'a str,
        #[serde(serialize_with = "option_number")] &'a Option<Decimal>,
    );

    #[derive(Deserialize)]
    struct In(
        String,
        #[serde(with = "option_decimal_number")] Option<Decimal>,
    );

    fn option_number<S: Serializer>(
        value: &&Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        option_decimal_number::serialize(value, serializer)
    }

    pub(crate) fn serialize<S: Serializer>(
        points: &[(String, Option<Decimal>)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(points.iter().map(|(label, value)| Out(label, value)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, Option<Decimal>)>, D::Error> {
        Ok(Vec::<In>::deserialize(deserializer)?
            .into_iter()
            .map(|In(label, value)| (label, value))
            .collect())
    }
}

/// `Vec<(String, Decimal)>` as `[["全省平均", 6.8]]`.
pub(super) mod reference_lines {
    use super::*;

    #[derive(Serialize)]
    struct Out<'a>(&'a str, #[serde(serialize_with = "number")] &'a Decimal);

    #[derive(Deserialize)]
    struct In(String, #[serde(with = "decimal_number")] Decimal);

    fn number<S: Serializer>(value: &&Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        decimal_number::serialize(value, serializer)
    }

    pub(crate) fn serialize<S: Serializer>(
        lines: &[(String, Decimal)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(lines.iter().map(|(label, value)| Out(label, value)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(String, Decimal)>, D::Error> {
        Ok(Vec::<In>::deserialize(deserializer)?
            .into_iter()
            .map(|In(label, value)| (label, value))
            .collect())
    }
}
