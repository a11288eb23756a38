//! Who is asking, as extractors: a handler that needs a signed-in officer takes an
//! [`Officer`], one for councillors a [`CouncillorUser`]; the rejection is the redirect to
//! sign-in or the 403 page, so no handler carries its own gate.

use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use shared::config::{Council, Person};
use shared::domain::{Councillor, TeamId};
use shared::ports::Scope;
use shared::ports::StoreError;
use shared::web::csrf::{SESSION_COOKIE_NAME as SESSION_COOKIE, cookie};
use shared::web::{ApiError, WebError};

use crate::Portal;
use crate::words::{lang, words};

/// What a signed-in person may do.
#[derive(Debug, Clone)]
pub enum Role {
    /// `all_teams`: the officer may open every team's cases, not only their own;
    /// `manager`: they read every team's and ward's figures.
    Officer {
        id: String,
        team: TeamId,
        all_teams: bool,
        manager: bool,
    },
    Councillor {
        id: String,
    },
}

impl Role {
    /// Whether an officer with this role may open and update a case of `team`.
    pub fn may_work(&self, team: &TeamId) -> bool {
        match self {
            Role::Officer {
                team: own, all_teams, ..
            } => *all_teams || own == team,
            Role::Councillor { .. } => false,
        }
    }
}

/// Someone signed in, resolved against the council's current configuration: a person
/// removed from it is signed out on their next request.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub name: String,
    pub role: Role,
    pub session_id: String,
}

/// The signed-in person, if the request carries a live session.
pub async fn signed_in(deps: &Portal, parts: &Parts) -> Result<Option<SignedIn>, StoreError> {
    let now = deps.clock.now();
    let Some(session_id) = cookie(&parts.headers, SESSION_COOKIE).and_then(|c| deps.signer.open("session", c, now))
    else {
        return Ok(None);
    };
    let Some(key) = deps.sessions.session(&session_id, now).await? else {
        return Ok(None);
    };
    Ok(deps.council.person(&key).map(|p| SignedIn {
        name: p.name().to_owned(),
        role: match p {
            Person::Officer(o) => Role::Officer {
                id: o.id.clone(),
                team: o.team.clone(),
                all_teams: o.all_teams(),
                manager: o.manager(),
            },
            Person::Councillor(c) => Role::Councillor { id: c.id.to_string() },
        },
        session_id,
    }))
}

/// Why a page was not shown to whoever asked.
pub enum Rejection {
    /// Not signed in: to sign-in, and back to this portal page after it.
    SignIn(Option<String>),
    Error(WebError),
}

/// A portal page to return to after signing in: only a path on this site under
/// `/portal/`, short, with nothing that could make it leave the site.
pub fn safe_next(path: &str) -> Option<&str> {
    let ok = path.starts_with("/portal/")
        && path.len() <= 200
        && !path.contains("//")
        && !path.contains("..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.?=&:%".contains(&b));
    ok.then_some(path)
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::SignIn(Some(next)) => {
                let query = serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default();
                Redirect::to(&format!("/sign-in?{query}")).into_response()
            }
            Rejection::SignIn(None) => Redirect::to("/sign-in").into_response(),
            Rejection::Error(e) => e.into_response(),
        }
    }
}

/// Where a request that must sign in first was going, if it was a portal page to return to.
fn going_to(parts: &Parts) -> Option<String> {
    if parts.method != axum::http::Method::GET {
        return None;
    }
    let path = parts.uri.path_and_query().map(|p| p.as_str())?;
    safe_next(path).map(str::to_owned)
}

impl From<StoreError> for Rejection {
    fn from(e: StoreError) -> Rejection {
        Rejection::Error(e.into())
    }
}

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let deps = Portal::from_ref(state);
        signed_in(&deps, parts)
            .await?
            .ok_or_else(|| Rejection::SignIn(going_to(parts)))
    }
}

/// `Option<SignedIn>`: `None` without a live session; a store failure is still an error.
impl<S> OptionalFromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Option<Self>, Rejection> {
        let deps = Portal::from_ref(state);
        Ok(signed_in(&deps, parts).await?)
    }
}

/// A signed-in council officer.
pub struct Officer {
    pub who: SignedIn,
    pub id: String,
    pub team: TeamId,
}

impl Officer {
    /// The 403 for a case of a team this officer does not work, unless they may.
    pub fn may_work(&self, team: &TeamId) -> Result<(), WebError> {
        if self.who.role.may_work(team) {
            Ok(())
        } else {
            Err(WebError::refused(
                words().this_case_belongs_to_another,
                words().you_can_open_and_update,
                Some(("/portal/queue", words().go_to_your_teams_queue)),
            ))
        }
    }
}

impl<S> FromRequestParts<S> for Officer
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let who = <SignedIn as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        match who.role.clone() {
            Role::Officer { id, team, .. } => Ok(Officer { who, id, team }),
            Role::Councillor { .. } => Err(Rejection::Error(WebError::refused(
                words().this_page_is_for_council,
                words().signed_in_as_councillor,
                Some(("/portal", words().go_to_your_portal_home)),
            ))),
        }
    }
}

/// A signed-in councillor, as the council's configuration has them now.
pub struct CouncillorUser {
    pub who: SignedIn,
    pub me: Councillor,
}

fn councillor_of(council: &Council, who: &SignedIn) -> Option<Councillor> {
    match &who.role {
        Role::Councillor { id } => council.councillors.iter().find(|c| c.id.as_str() == id).cloned(),
        Role::Officer { .. } => None,
    }
}

impl CouncillorUser {
    /// The councillor `who` is, if they are one the configuration still has.
    pub fn of(council: &Council, who: SignedIn) -> Option<CouncillorUser> {
        councillor_of(council, &who).map(|me| CouncillorUser { who, me })
    }
}

impl<S> FromRequestParts<S> for CouncillorUser
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let deps = Portal::from_ref(state);
        let who = <SignedIn as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        if matches!(who.role, Role::Officer { .. }) {
            return Err(Rejection::Error(WebError::refused(
                words().this_page_is_for_councillors,
                words().signed_in_as_officer,
                Some(("/portal", words().go_to_your_portal_home)),
            )));
        }
        CouncillorUser::of(&deps.council, who).ok_or(Rejection::SignIn(None))
    }
}

/// A signed-in councillor for the portal's JSON: the rejections are JSON too (401, 403).
pub struct ApiCouncillor(pub Councillor);

impl<S> FromRequestParts<S> for ApiCouncillor
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let deps = Portal::from_ref(state);
        let who = signed_in(&deps, parts).await?.ok_or(ApiError::Unauthorized)?;
        if matches!(who.role, Role::Officer { .. }) {
            return Err(ApiError::Forbidden);
        }
        councillor_of(&deps.council, &who)
            .map(ApiCouncillor)
            .ok_or(ApiError::Unauthorized)
    }
}

/// Whose figures someone may read: a councillor their wards', a manager the whole council's
/// (every team and every ward).
#[derive(Debug, Clone)]
pub enum Areas {
    Wards(Councillor),
    Council,
}

/// Someone who may read performance figures: a councillor, or an officer with the `manager`
/// role. Anyone else signed in gets the 403 page.
pub struct FiguresReader {
    pub who: SignedIn,
    pub areas: Areas,
}

impl FiguresReader {
    /// Every scope this reader may choose, the default first: a councillor's wards in the
    /// order the configuration lists them; for a manager the council, then each team and ward.
    pub fn scopes(&self, council: &Council) -> Vec<Scope> {
        match &self.areas {
            Areas::Wards(me) => me.wards.iter().cloned().map(Scope::Ward).collect(),
            Areas::Council => std::iter::once(Scope::Council)
                .chain(council.teams.iter().map(|t| Scope::Team(t.id.clone())))
                .chain(council.wards.iter().map(|w| Scope::Ward(w.id.clone())))
                .collect(),
        }
    }
}

impl<S> FromRequestParts<S> for FiguresReader
where
    S: Send + Sync,
    Portal: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let deps = Portal::from_ref(state);
        let who = <SignedIn as FromRequestParts<S>>::from_request_parts(parts, state).await?;
        match &who.role {
            Role::Officer { manager: true, .. } => Ok(FiguresReader {
                who,
                areas: Areas::Council,
            }),
            Role::Officer { .. } => Err(Rejection::Error(WebError::refused(
                words().figures_are_for,
                words().figures_need_manager,
                Some(("/portal", words().go_to_your_portal_home)),
            ))),
            Role::Councillor { .. } => {
                let me = councillor_of(&deps.council, &who).ok_or(Rejection::SignIn(None))?;
                Ok(FiguresReader {
                    who,
                    areas: Areas::Wards(me),
                })
            }
        }
    }
}

/// `council`, `team:<id>` or `ward:<id>`: an area as the address carries it.
pub fn area_param(scope: &Scope) -> String {
    match scope {
        Scope::Council => "council".into(),
        Scope::Team(t) => format!("team:{t}"),
        Scope::Ward(w) => format!("ward:{w}"),
    }
}

/// An area's name as a page heads it.
pub fn area_name(council: &Council, scope: &Scope) -> String {
    match scope {
        Scope::Council => council.name.get(lang()).to_owned(),
        Scope::Team(t) => council
            .team(t)
            .map_or_else(|| t.to_string(), |t| t.name.get(lang()).to_owned()),
        Scope::Ward(w) => council
            .ward(w)
            .map_or_else(|| w.to_string(), |w| w.name.get(lang()).to_owned()),
    }
}
