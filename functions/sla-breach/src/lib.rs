//! The sla-breach function: finds open cases whose expected date has passed and tells the
//! resident, the responsible team, its escalation contact, the councillors following the
//! case and the ward's councillors who chose to hear of every late case, once per case.
//!
//! Once is kept by the store, not by this code's memory: each late case is one transaction
//! that marks it reported (only if it is still at the version read) and queues its emails.
//! Two sweeps at once, a replayed sweep, or one that died half-way and runs again: whichever
//! writes first wins, the others find the case already marked (or changed) and move on.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::SeedableRng;
use serde::Serialize;
use shared::config::Council;
use shared::domain::CouncillorId;
use shared::domain::{Actor, Case, CaseEvent, CaseEventKind};
use shared::email::{CaseFacts, CaseNews, LateForResident, LateForStaff, Notice, StaffAudience, TeamContact};
use shared::ports::{
    CaseChange, CaseUpdater, DueCases, Followers, OutboxMessage, ReadPreferences, StoreError, TallyChange,
};
use shared::signing::Signer;
use shared::{links, news};

/// Cases read per query; a sweep reads pages until no due case is left.
pub const PAGE: usize = 100;
/// A bound on one sweep's work (the next sweep, 15 minutes later, carries on).
pub const MAX_PAGES: usize = 50;

/// What the sweep needs: the cases due, a way to update them, and who follows them.
#[derive(Clone)]
pub struct SlaBreach {
    pub council: Arc<Council>,
    pub due: Arc<dyn DueCases>,
    pub updater: Arc<dyn CaseUpdater>,
    pub followers: Arc<dyn Followers>,
    /// Councillors who chose to hear of every late case in their wards.
    pub prefs: Arc<dyn ReadPreferences>,
    /// Signs the resident's sharing link in their email.
    pub signer: Signer,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    /// Late cases found.
    pub due: usize,
    /// Late cases this sweep reported (the others were taken by a concurrent sweep or changed).
    pub reported: usize,
    /// Emails queued.
    pub emails: usize,
    /// Cases skipped because they changed between the read and the write.
    pub conflicts: usize,
}

impl SlaBreach {
    pub fn from_store<S>(council: Arc<Council>, store: Arc<S>, signer: Signer) -> SlaBreach
    where
        S: DueCases + CaseUpdater + Followers + ReadPreferences + 'static,
    {
        SlaBreach {
            council,
            due: store.clone(),
            updater: store.clone(),
            followers: store.clone(),
            prefs: store,
            signer,
        }
    }
}

impl SlaBreach {
    /// Reports every case late at `now`.
    #[tracing::instrument(skip(self), fields(now = %now))]
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<SweepReport, StoreError> {
        let mut report = SweepReport::default();
        let mut rng = rand::rngs::StdRng::from_os_rng();
        // Who chose to hear of every late case in their wards, read once a sweep.
        let mut every_late: BTreeMap<CouncillorId, bool> = BTreeMap::new();
        for _ in 0..MAX_PAGES {
            let due = self.due.due(now, PAGE).await?;
            let found = due.len();
            let mut progress = false;
            for case in due {
                report.due += 1;
                let mut told = self.followers.followers(&case.reference).await?;
                for councillor in self.council.councillors_for(&case.ward) {
                    let chose = match every_late.get(&councillor.id) {
                        Some(chose) => *chose,
                        None => {
                            let prefs = self.prefs.prefs(&format!("councillor:{}", councillor.id)).await?;
                            every_late.insert(councillor.id.clone(), prefs.every_late_case);
                            prefs.every_late_case
                        }
                    };
                    if chose && !told.contains(&councillor.id) {
                        told.push(councillor.id.clone());
                    }
                }
                let change = self.change_for(&case, &told, now, &mut rng);
                let emails = change.outbox.len();
                match self.updater.apply(&change).await {
                    Ok(()) => {
                        tracing::info!(case = %case.reference, emails, "late case reported");
                        report.reported += 1;
                        report.emails += emails;
                        progress = true;
                    }
                    Err(StoreError::Conflict) => report.conflicts += 1,
                    Err(e) => return Err(e),
                }
            }
            // A short page is the last; a page of nothing but conflicts would be read again.
            if found < PAGE || !progress {
                break;
            }
        }
        if report.due > 0 {
            tracing::info!(
                due = report.due,
                reported = report.reported,
                conflicts = report.conflicts,
                "sweep done"
            );
        } else {
            tracing::debug!("sweep done: nothing due");
        }
        Ok(report)
    }

    fn change_for(
        &self,
        case: &Case,
        followers: &[CouncillorId],
        now: DateTime<Utc>,
        rng: &mut impl rand::Rng,
    ) -> CaseChange {
        let council = &self.council;
        // The resident is told in their language; the team in the council's first.
        let (resident_lang, staff_lang) = (case.lang, council.default_lang());
        let facts = |lang| CaseFacts {
            reference: case.reference.clone(),
            category: council.category_name(&case.category, lang),
            status: case.status,
            expected_by: case.expected_by,
        };
        let mut notices = Vec::new();
        if let Some(team) = council.team(&case.team) {
            if let Some(resident) = case.reporter() {
                notices.push(Notice::LateForResident(LateForResident {
                    to: resident.email.clone(),
                    name: resident.name.clone(),
                    facts: facts(resident_lang),
                    team: TeamContact {
                        name: team.name.get(resident_lang).to_owned(),
                        email: team.email.clone(),
                        phone: team.phone.clone(),
                    },
                    status_url: format!("{}/reports/{}", council.base_url, case.reference),
                    sharing_url: links::sharing_url(&self.signer, &council.base_url, &case.reference, now),
                    council: council.name_in(resident_lang).to_owned(),
                    lang: resident_lang,
                }));
            }
            for (to, audience) in [
                (&team.email, StaffAudience::Team),
                (&team.escalation_email, StaffAudience::Escalation),
            ] {
                notices.push(Notice::LateForStaff(LateForStaff {
                    to: to.clone(),
                    audience,
                    team: team.name.get(staff_lang).to_owned(),
                    facts: facts(staff_lang),
                    ward: council.ward_name(&case.ward, staff_lang),
                    case_url: format!("{}/portal/cases/{}", council.base_url, case.reference),
                    council: council.name_in(staff_lang).to_owned(),
                    lang: staff_lang,
                }));
            }
        } else {
            tracing::error!(case = %case.reference, team = %case.team, "late case's team is not in the configuration");
        }
        notices.extend(news::for_followers(council, case, CaseNews::Late, followers));
        let next = case.breach_recorded();
        let event = CaseEvent::new(now, Actor::System, CaseEventKind::BreachNotified);
        CaseChange {
            tallies: TallyChange::for_change(Some(case), &next, &event, &council.calendar),
            case: next,
            expected_version: case.version,
            event,
            outbox: news::one_per_person(notices)
                .into_iter()
                .map(|n| OutboxMessage::new(now, n, rng))
                .collect(),
        }
    }
}
