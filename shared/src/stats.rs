//! Rebuilding the figures from the cases: `wardline stats rebuild`. Reads every case a ward
//! at a time (queries, never a scan), recounts what the tallies should hold, reports where
//! the stored tallies drifted, and replaces them unless only checking.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::config::Council;
use crate::domain::performance::{Tally, recount};
use crate::domain::{Case, CaseEvent, CategoryId};
use crate::ports::{CaseReader, Scope, StoreError, Tallies, TallyRebuild, WardCases, WardFilter};

/// What a rebuild found.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RebuildReport {
    pub cases: usize,
    /// Scope × category × bucket cells whose stored figures differed from the recount.
    pub drifted: usize,
    /// Scopes whose figures were replaced (none when only checking).
    pub replaced: usize,
}

pub struct Rebuild<'a> {
    pub council: &'a Council,
    pub ward_cases: &'a dyn WardCases,
    pub reader: &'a dyn CaseReader,
    pub tallies: &'a dyn Tallies,
}

type Cells = BTreeMap<(CategoryId, NaiveDate), Tally>;
type Record = (Case, Vec<CaseEvent>);

impl Rebuild<'_> {
    /// Recounts every scope; replaces the stored figures where they drifted through
    /// `repair`, or only reports the drift without one (the scheduled check on AWS, which
    /// may read but not write the figures).
    pub async fn run(&self, repair: Option<&dyn TallyRebuild>) -> Result<RebuildReport, StoreError> {
        let mut records: Vec<Record> = Vec::new();
        for ward in &self.council.wards {
            let mut after: Option<String> = None;
            loop {
                let page = self
                    .ward_cases
                    .ward_cases(&ward.id, &WardFilter::default(), after.as_deref(), 500)
                    .await?;
                for case in page.items {
                    if let Some(record) = self.reader.case(&case.reference).await? {
                        records.push((record.case, record.history));
                    }
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
        }
        let mut expected: BTreeMap<Scope, Cells> = BTreeMap::new();
        let mut groups: BTreeMap<(Scope, CategoryId), Vec<&Record>> = BTreeMap::new();
        for record in &records {
            let case = &record.0;
            for scope in [
                Scope::Council,
                Scope::Team(case.team.clone()),
                Scope::Ward(case.ward.clone()),
            ] {
                groups.entry((scope, case.category.clone())).or_default().push(record);
            }
        }
        for ((scope, category), group) in groups {
            let counted = recount(group.iter().map(|(c, h)| (c, h.as_slice())), &self.council.calendar);
            let cells = expected.entry(scope).or_default();
            for (bucket, tally) in counted {
                cells.insert((category.clone(), bucket), tally);
            }
        }
        let mut scopes: Vec<Scope> = vec![Scope::Council];
        scopes.extend(self.council.teams.iter().map(|t| Scope::Team(t.id.clone())));
        scopes.extend(self.council.wards.iter().map(|w| Scope::Ward(w.id.clone())));
        let mut report = RebuildReport {
            cases: records.len(),
            ..RebuildReport::default()
        };
        // Every bucket a case can have touched, from its first submission, and the running
        // totals (which sort after every bucket).
        let first = records
            .iter()
            .map(|(c, _)| c.submitted_at.date_naive())
            .min()
            .unwrap_or(NaiveDate::MIN);
        let (from, until) = (first - Days::new(7), crate::domain::performance::PAST_RUNNING);
        for scope in scopes {
            let want = expected.remove(&scope).unwrap_or_default();
            let stored: Cells = self
                .tallies
                .tallies(&scope, from, until)
                .await?
                .into_iter()
                .map(|(c, b, t)| ((c, b), t))
                .collect();
            let drifted = want.iter().filter(|(k, v)| stored.get(*k) != Some(*v)).count()
                + stored.keys().filter(|k| !want.contains_key(*k)).count();
            if drifted > 0 {
                report.drifted += drifted;
                if let Some(repair) = repair {
                    let rows: Vec<(CategoryId, NaiveDate, Tally)> =
                        want.into_iter().map(|((c, b), t)| (c, b, t)).collect();
                    repair.replace_tallies(&scope, &rows).await?;
                    report.replaced += 1;
                }
            }
        }
        Ok(report)
    }
}
