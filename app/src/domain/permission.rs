//! Who may do what, and where: the permission policy of spec 01 as pure functions.

use super::position::Position;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The person asking, as far as permissions care.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub position: Position,
    pub station_id: Option<i64>,
    pub ops_center_id: Option<i64>,
    /// The station whose manager rights this person holds today as acting manager.
    pub acting_manager_of: Option<i64>,
}

/// Where the record acted on lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub station_id: i64,
    pub ops_center_id: i64,
}

/// The actions the foundation guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Station facts and the staff list (names and positions).
    ViewStation,
    /// Station name, address, areas and compounds.
    EditStation,
    /// Opening hours and closed days.
    EditOpenHours,
    /// Create, deactivate, move users and reset passwords.
    ManageUsers,
    /// The official working-day calendar.
    EditCalendar,
    /// Who changed which record and when.
    ViewAudit,
    /// Create and revoke wall-screen links.
    ManageDisplays,
    /// Name an acting manager for a date range.
    ManageDelegations,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::ViewStation,
        Action::EditStation,
        Action::EditOpenHours,
        Action::ManageUsers,
        Action::EditCalendar,
        Action::ViewAudit,
        Action::ManageDisplays,
        Action::ManageDelegations,
    ];
}

/// Why an action was refused; `code()` is what the UI translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("this position may not do that")]
    PositionNotAllowed,
    #[error("the record belongs to another station")]
    OtherStation,
    #[error("nobody approves their own request")]
    OwnRequest,
    #[error("one person may not sign two steps of the same chain")]
    SecondSignature,
    #[error("administrators make no business approvals")]
    AdminApproves,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::PositionNotAllowed => "forbidden.position",
            Refusal::OtherStation => "forbidden.other_station",
            Refusal::OwnRequest => "forbidden.own_request",
            Refusal::SecondSignature => "forbidden.second_signature",
            Refusal::AdminApproves => "forbidden.admin_approves",
        }
    }
}

impl Actor {
    /// Holds the manager's rights in `station_id`: the manager, or the acting manager.
    pub fn manages(&self, station_id: i64) -> bool {
        let own = self.station_id == Some(station_id);
        (own && self.position == Position::Manager) || self.acting_manager_of == Some(station_id)
    }

    fn works_in(&self, scope: &Scope) -> bool {
        if self.position.is_station_level() {
            self.station_id == Some(scope.station_id)
        } else {
            self.ops_center_id == Some(scope.ops_center_id)
        }
    }
}

/// The foundation's permission rule: may `actor` do `action` on a record in `scope`?
pub fn authorize(actor: &Actor, action: Action, scope: &Scope) -> Result<(), Refusal> {
    use Position::*;
    if actor.position == Admin {
        return Ok(());
    }
    let allowed = match action {
        Action::ViewStation => true,
        Action::EditStation | Action::ManageUsers | Action::EditCalendar => false,
        Action::EditOpenHours | Action::ManageDisplays | Action::ManageDelegations => {
            actor.position == Manager || actor.acting_manager_of.is_some()
        }
        Action::ViewAudit => {
            matches!(actor.position, Manager | OpsGm | OpsSupervisor)
                || actor.acting_manager_of.is_some()
        }
    };
    if !allowed {
        return Err(Refusal::PositionNotAllowed);
    }
    let in_scope = match action {
        Action::ViewStation => actor.works_in(scope),
        Action::ViewAudit if !actor.position.is_station_level() => actor.works_in(scope),
        _ => actor.manages(scope.station_id),
    };
    if in_scope {
        Ok(())
    } else {
        Err(Refusal::OtherStation)
    }
}

/// Who signs a request: the station's manager (or acting manager) or the ops center's GM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalLevel {
    Station,
    OpsCenter,
}

/// A request waiting for a signature, as far as the approval rule cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalRequest {
    pub requester_id: i64,
    pub requester_position: Position,
    pub scope: Scope,
    /// The level the request's kind and length call for.
    pub level: ApprovalLevel,
    /// Everyone who already signed an earlier step of this request's chain.
    pub signed_by: Vec<i64>,
}

/// The level a request really goes to: a manager's own request goes one level up.
pub fn route(requester: Position, level: ApprovalLevel) -> ApprovalLevel {
    match (requester, level) {
        (Position::Manager, ApprovalLevel::Station) => ApprovalLevel::OpsCenter,
        _ => level,
    }
}

/// Nobody approves their own request, nobody signs two steps of one chain, and the level
/// decides who may sign: the station's (acting) manager, or the GM of its ops center.
pub fn may_approve(approver: &Actor, request: &ApprovalRequest) -> Result<(), Refusal> {
    if approver.user_id == request.requester_id {
        return Err(Refusal::OwnRequest);
    }
    if request.signed_by.contains(&approver.user_id) {
        return Err(Refusal::SecondSignature);
    }
    if approver.position == Position::Admin {
        return Err(Refusal::AdminApproves);
    }
    match route(request.requester_position, request.level) {
        ApprovalLevel::Station if approver.manages(request.scope.station_id) => Ok(()),
        ApprovalLevel::OpsCenter if approver.position == Position::OpsGm => {
            if approver.ops_center_id == Some(request.scope.ops_center_id) {
                Ok(())
            } else {
                Err(Refusal::OtherStation)
            }
        }
        _ => Err(Refusal::PositionNotAllowed),
    }
}

/// A date range during which a service supervisor holds the manager's rights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub station_id: i64,
    pub delegate_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Why a delegation cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DelegationError {
    #[error("only the station's service supervisor can act as manager")]
    NotServiceSupervisor,
    #[error("the range ends before it starts")]
    EndsBeforeStart,
}

impl DelegationError {
    pub fn code(&self) -> &'static str {
        match self {
            DelegationError::NotServiceSupervisor => "delegation.not_service_supervisor",
            DelegationError::EndsBeforeStart => "delegation.ends_before_start",
        }
    }
}

/// The acting-manager rule: only the station's service supervisor, over a valid range.
pub fn check_delegation(
    delegation: &Delegation,
    delegate_position: Position,
    delegate_station: Option<i64>,
) -> Result<(), DelegationError> {
    if delegate_position != Position::ServiceSupervisor
        || delegate_station != Some(delegation.station_id)
    {
        return Err(DelegationError::NotServiceSupervisor);
    }
    if delegation.to < delegation.from {
        return Err(DelegationError::EndsBeforeStart);
    }
    Ok(())
}

/// The station whose manager rights `user_id` holds on `date` through a delegation.
pub fn acting_manager_of(user_id: i64, date: NaiveDate, delegations: &[Delegation]) -> Option<i64> {
    delegations
        .iter()
        .find(|d| d.delegate_id == user_id && d.from <= date && date <= d.to)
        .map(|d| d.station_id)
}
