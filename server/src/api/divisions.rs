//! Regions learned at confirmation: a confirmed draft naming a region the store does not know
//! yet brings its chain (province, prefecture, county) from the national divisions
//! (`shared::divisions`), so a form from any county can be confirmed. A name several divisions
//! share that the form's words do not resolve is refused for a person to choose, naming the
//! candidates; a name no division has is left to the import, which refuses it as before.

use fundlens_shared::divisions::{self, Resolution};
use fundlens_shared::error::RecordError;
use fundlens_shared::model::{Evaluation, Provenance};
use fundlens_store::Scope;

use super::{ApiError, AppState};

/// Makes sure the store knows `record`'s region: if not, resolves it in the national divisions
/// by its name and the form's words, adds its chain and names the record's region as stored.
/// Only within `scope`: an editor's confirmation of a form from outside its region adds no
/// region (the refusal the import would give comes first).
///
/// # Errors
/// 422 when the name is shared by several divisions and the form does not say which; 403 when
/// the division lies outside `scope`; a storage failure.
pub(super) async fn learn_region(
    state: &AppState,
    scope: &Scope,
    record: &mut Evaluation,
) -> Result<(), ApiError> {
    let known = state.store.regions().await?;
    if known.iter().any(|region| region.name == record.region) {
        return Ok(());
    }
    let title = match &record.provenance {
        Provenance::Document { title, issuer, .. } => [Some(title.as_str()), issuer.as_deref()],
        _ => [None, None],
    };
    let context: Vec<&str> = [
        Some(record.program.name.as_str()),
        record.program.department.as_deref(),
        record.program.implementer.as_deref(),
    ]
    .into_iter()
    .chain(title)
    .flatten()
    .collect();
    match divisions::resolve(&record.region, &context) {
        Resolution::One(division) => {
            let chain = divisions::regions_for(division);
            if let Scope::Subtree(root) = scope
                && !chain.iter().any(|region| region.name == *root)
            {
                return Err(ApiError::forbidden(
                    "region",
                    format!(
                        "地区“{}”不在本账号可填报的“{root}”范围内",
                        divisions::stored_name(division)
                    ),
                ));
            }
            state.store.add_regions(chain).await?;
            divisions::stored_name(division).clone_into(&mut record.region);
            Ok(())
        }
        Resolution::Ambiguous(candidates) => {
            let names: Vec<String> = candidates
                .iter()
                .map(|d| {
                    let chain: Vec<&str> = divisions::chain(d).iter().map(|d| d.name).collect();
                    format!("{}（{}）", divisions::stored_name(d), chain.join("/"))
                })
                .collect();
            Err(ApiError::Invalid(vec![RecordError {
                record: 0,
                key: Some(record.program.name.clone()),
                field: "region".to_owned(),
                message: format!(
                    "地区“{}”在全国有多个同名地区：{}。表中没有能区分它们的省、市名称，请在草稿中把地区改为其中之一",
                    record.region,
                    names.join("、")
                ),
            }]))
        }
        Resolution::Unknown => Ok(()),
    }
}
