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
    /// See the station's calls, work orders, points and public board.
    ViewOrders,
    /// Log calls, open, dispatch, reassign, close and cancel orders (the desk).
    RunDesk,
    /// Take field steps on an order assigned to oneself.
    FieldWork,
    /// Review the day's points, correct them and publish the board.
    ManagePoints,
    /// Callbacks, complaints and penalty notices.
    RecordQuality,
    /// On-time rates, overdue lists and the fault rate.
    ViewReports,
    /// Points per kind and the dragging thresholds.
    EditOrderSettings,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::ViewStation,
        Action::EditStation,
        Action::EditOpenHours,
        Action::ManageUsers,
        Action::EditCalendar,
        Action::ViewAudit,
        Action::ManageDisplays,
        Action::ManageDelegations,
        Action::ViewOrders,
        Action::RunDesk,
        Action::FieldWork,
        Action::ManagePoints,
        Action::RecordQuality,
        Action::ViewReports,
        Action::EditOrderSettings,
    ];

    /// Day-to-day business of a station, which the administrator does not do.
    pub fn is_business(self) -> bool {
        matches!(
            self,
            Action::RunDesk | Action::FieldWork | Action::ManagePoints | Action::RecordQuality
        )
    }
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
        return if action.is_business() { Err(Refusal::PositionNotAllowed) } else { Ok(()) };
    }
    let manages = actor.position == Manager || actor.acting_manager_of.is_some();
    let allowed = match action {
        Action::ViewStation => true,
        Action::EditStation | Action::ManageUsers | Action::EditCalendar => false,
        Action::EditOpenHours | Action::ManageDisplays => {
            actor.position == Manager || actor.acting_manager_of.is_some()
        }
        // Only the manager names an acting manager: a delegate never extends their own.
        Action::ManageDelegations => actor.position == Manager,
        Action::ViewAudit => {
            matches!(actor.position, Manager | OpsGm | OpsSupervisor)
                || actor.acting_manager_of.is_some()
        }
        Action::ViewOrders => true,
        Action::RunDesk | Action::ManagePoints | Action::RecordQuality => {
            manages || actor.position == DispatchClerk
        }
        Action::FieldWork => actor.position.takes_orders(),
        Action::ViewReports => {
            manages
                || actor.position.is_supervisor()
                || matches!(actor.position, DispatchClerk | OpsGm | OpsSupervisor)
        }
        Action::EditOrderSettings => manages,
    };
    if !allowed {
        return Err(Refusal::PositionNotAllowed);
    }
    let in_scope = match action {
        Action::ViewStation | Action::ViewOrders | Action::ViewReports => actor.works_in(scope),
        Action::RunDesk | Action::ManagePoints | Action::RecordQuality | Action::FieldWork => {
            actor.station_id == Some(scope.station_id) || actor.manages(scope.station_id)
        }
        Action::ManageDelegations => actor.station_id == Some(scope.station_id),
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

#[cfg(test)]
mod tests {
    use super::*;
    use Position::*;

    const HOME: Scope = Scope { station_id: 1, ops_center_id: 10 };
    const OTHER_STATION: Scope = Scope { station_id: 2, ops_center_id: 10 };
    const OTHER_CENTER: Scope = Scope { station_id: 3, ops_center_id: 20 };

    fn at_station(user_id: i64, position: Position) -> Actor {
        Actor {
            user_id,
            position,
            station_id: Some(1),
            ops_center_id: Some(10),
            acting_manager_of: None,
        }
    }

    fn above_station(user_id: i64, position: Position, ops_center_id: i64) -> Actor {
        Actor {
            user_id,
            position,
            station_id: None,
            ops_center_id: Some(ops_center_id),
            acting_manager_of: None,
        }
    }

    fn acting(user_id: i64) -> Actor {
        Actor { acting_manager_of: Some(1), ..at_station(user_id, ServiceSupervisor) }
    }

    fn request(requester: &Actor, level: ApprovalLevel) -> ApprovalRequest {
        ApprovalRequest {
            requester_id: requester.user_id,
            requester_position: requester.position,
            scope: HOME,
            level,
            signed_by: Vec::new(),
        }
    }

    #[test]
    fn nobody_approves_their_own_request() {
        let supervisor = acting(2);
        let own = request(&supervisor, ApprovalLevel::Station);
        assert_eq!(may_approve(&supervisor, &own), Err(Refusal::OwnRequest));
        let gm = above_station(9, OpsGm, 10);
        assert_eq!(
            may_approve(&gm, &request(&gm, ApprovalLevel::OpsCenter)),
            Err(Refusal::OwnRequest)
        );
    }

    #[test]
    fn one_person_never_signs_two_steps_of_a_chain() {
        let staff = at_station(5, ServiceStaff);
        let manager = at_station(1, Manager);
        let mut chain = request(&staff, ApprovalLevel::Station);
        assert_eq!(may_approve(&manager, &chain), Ok(()));
        chain.signed_by.push(manager.user_id);
        assert_eq!(may_approve(&manager, &chain), Err(Refusal::SecondSignature));
    }

    #[test]
    fn the_managers_own_request_goes_to_the_ops_center() {
        let manager = at_station(1, Manager);
        let leave = request(&manager, ApprovalLevel::Station);
        assert_eq!(route(Manager, ApprovalLevel::Station), ApprovalLevel::OpsCenter);
        assert_eq!(may_approve(&acting(2), &leave), Err(Refusal::PositionNotAllowed));
        assert_eq!(may_approve(&above_station(9, OpsGm, 10), &leave), Ok(()));
        assert_eq!(may_approve(&above_station(8, OpsGm, 20), &leave), Err(Refusal::OtherStation));
    }

    #[test]
    fn the_acting_manager_approves_station_requests_and_the_supervisor_alone_does_not() {
        let staff = at_station(5, ServiceStaff);
        let leave = request(&staff, ApprovalLevel::Station);
        assert_eq!(may_approve(&acting(2), &leave), Ok(()));
        let not_delegated = at_station(2, ServiceSupervisor);
        assert_eq!(may_approve(&not_delegated, &leave), Err(Refusal::PositionNotAllowed));
        let elsewhere = Actor { station_id: Some(2), ..at_station(7, Manager) };
        assert_eq!(may_approve(&elsewhere, &leave), Err(Refusal::PositionNotAllowed));
    }

    #[test]
    fn longer_leave_needs_the_gm_not_the_station() {
        let staff = at_station(5, ServiceStaff);
        let long = request(&staff, ApprovalLevel::OpsCenter);
        assert_eq!(may_approve(&at_station(1, Manager), &long), Err(Refusal::PositionNotAllowed));
        let supervisor = above_station(6, OpsSupervisor, 10);
        assert_eq!(may_approve(&supervisor, &long), Err(Refusal::PositionNotAllowed));
        assert_eq!(may_approve(&above_station(9, OpsGm, 10), &long), Ok(()));
    }

    #[test]
    fn the_admin_makes_no_business_approvals() {
        let admin = Actor { station_id: None, ops_center_id: None, ..at_station(100, Admin) };
        let leave = request(&at_station(5, ServiceStaff), ApprovalLevel::Station);
        assert_eq!(may_approve(&admin, &leave), Err(Refusal::AdminApproves));
    }

    #[test]
    fn only_the_real_manager_names_an_acting_manager() {
        let manager = at_station(1, Manager);
        assert_eq!(authorize(&manager, Action::ManageDelegations, &HOME), Ok(()));
        assert_eq!(
            authorize(&manager, Action::ManageDelegations, &OTHER_STATION),
            Err(Refusal::OtherStation)
        );
        assert_eq!(
            authorize(&acting(2), Action::ManageDelegations, &HOME),
            Err(Refusal::PositionNotAllowed)
        );
    }

    #[test]
    fn the_acting_manager_holds_the_managers_station_rights_only_in_that_station() {
        let supervisor = acting(2);
        assert_eq!(authorize(&supervisor, Action::EditOpenHours, &HOME), Ok(()));
        assert_eq!(
            authorize(&supervisor, Action::EditOpenHours, &OTHER_STATION),
            Err(Refusal::OtherStation)
        );
        assert_eq!(
            authorize(&supervisor, Action::ManageUsers, &HOME),
            Err(Refusal::PositionNotAllowed)
        );
    }

    #[test]
    fn the_ops_center_sees_its_own_stations_only() {
        let gm = above_station(9, OpsGm, 10);
        assert_eq!(authorize(&gm, Action::ViewStation, &OTHER_STATION), Ok(()));
        assert_eq!(authorize(&gm, Action::ViewAudit, &HOME), Ok(()));
        assert_eq!(authorize(&gm, Action::ViewStation, &OTHER_CENTER), Err(Refusal::OtherStation));
        assert_eq!(authorize(&gm, Action::EditOpenHours, &HOME), Err(Refusal::PositionNotAllowed));
    }

    #[test]
    fn field_staff_see_only_their_own_station() {
        let staff = at_station(5, ServiceStaff);
        assert_eq!(authorize(&staff, Action::ViewStation, &HOME), Ok(()));
        assert_eq!(
            authorize(&staff, Action::ViewStation, &OTHER_STATION),
            Err(Refusal::OtherStation)
        );
        let own = [Action::ViewStation, Action::ViewOrders, Action::FieldWork];
        for action in Action::ALL.into_iter().filter(|a| !own.contains(a)) {
            assert_eq!(
                authorize(&staff, action, &HOME),
                Err(Refusal::PositionNotAllowed),
                "{action:?}"
            );
        }
        assert_eq!(authorize(&staff, Action::FieldWork, &HOME), Ok(()));
        assert_eq!(
            authorize(&staff, Action::FieldWork, &OTHER_STATION),
            Err(Refusal::OtherStation)
        );
    }

    #[test]
    fn the_desk_belongs_to_the_clerk_and_the_manager() {
        let clerk = at_station(6, DispatchClerk);
        let manager = at_station(1, Manager);
        for actor in [&clerk, &manager] {
            for action in [Action::RunDesk, Action::ManagePoints, Action::RecordQuality] {
                assert_eq!(authorize(actor, action, &HOME), Ok(()), "{action:?}");
                assert_eq!(authorize(actor, action, &OTHER_STATION), Err(Refusal::OtherStation));
            }
        }
        assert_eq!(authorize(&clerk, Action::FieldWork, &HOME), Err(Refusal::PositionNotAllowed));
        assert_eq!(
            authorize(&clerk, Action::EditOrderSettings, &HOME),
            Err(Refusal::PositionNotAllowed)
        );
        assert_eq!(authorize(&manager, Action::EditOrderSettings, &HOME), Ok(()));
        let finance = at_station(7, FinanceClerk);
        assert_eq!(authorize(&finance, Action::RunDesk, &HOME), Err(Refusal::PositionNotAllowed));
    }

    #[test]
    fn the_admin_runs_no_desk_and_the_ops_center_only_reads() {
        let admin = above_station(1, Admin, 10);
        let gm = above_station(9, OpsGm, 10);
        for action in Action::ALL.into_iter().filter(|a| a.is_business()) {
            assert_eq!(authorize(&admin, action, &HOME), Err(Refusal::PositionNotAllowed));
            assert_eq!(authorize(&gm, action, &HOME), Err(Refusal::PositionNotAllowed));
        }
        assert_eq!(authorize(&admin, Action::EditOrderSettings, &HOME), Ok(()));
        assert_eq!(authorize(&gm, Action::ViewReports, &HOME), Ok(()));
        assert_eq!(authorize(&gm, Action::ViewOrders, &OTHER_CENTER), Err(Refusal::OtherStation));
    }

    #[test]
    fn only_the_stations_service_supervisor_can_be_delegated() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
        let delegation = Delegation { station_id: 1, delegate_id: 2, from: day(7), to: day(9) };
        assert_eq!(check_delegation(&delegation, ServiceSupervisor, Some(1)), Ok(()));
        assert_eq!(
            check_delegation(&delegation, MarketSupervisor, Some(1)),
            Err(DelegationError::NotServiceSupervisor)
        );
        assert_eq!(
            check_delegation(&delegation, ServiceSupervisor, Some(2)),
            Err(DelegationError::NotServiceSupervisor)
        );
        let backwards = Delegation { from: day(9), to: day(7), ..delegation.clone() };
        assert_eq!(
            check_delegation(&backwards, ServiceSupervisor, Some(1)),
            Err(DelegationError::EndsBeforeStart)
        );
        let ranges = [delegation];
        assert_eq!(acting_manager_of(2, day(7), &ranges), Some(1));
        assert_eq!(acting_manager_of(2, day(9), &ranges), Some(1));
        assert_eq!(acting_manager_of(2, day(10), &ranges), None);
        assert_eq!(acting_manager_of(3, day(8), &ranges), None);
    }
}
