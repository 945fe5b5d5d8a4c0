//! Positions (岗位) of people at and above the service station, and the home page each lands on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A position (岗位). Serialises as its snake_case [`Position::key`], e.g. `"dispatch_clerk"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// 服务中心经理 — runs the station.
    Manager,
    /// 服务营销主管 — supervises service work.
    ServiceSupervisor,
    /// 市场营销主管 — supervises market work.
    MarketSupervisor,
    /// 接单内勤 — takes and dispatches orders.
    DispatchClerk,
    /// 税控专员内勤 — money and invoices.
    FinanceClerk,
    /// 续费专员 — renewals.
    RenewalSpecialist,
    /// 销售代表 — field sales.
    SalesRep,
    /// 服务人员 — field service.
    ServiceStaff,
    /// 基础宣传员 — field promotion.
    Promoter,
    /// 营维中心总经理 — above the station.
    OpsGm,
    /// 营维中心市场督导 — above the station.
    OpsSupervisor,
    /// 渠道部 — above the station.
    ChannelDept,
    /// 系统管理员 — system administration.
    Admin,
}

/// The home page a person lands on after signing in, decided by their position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Home {
    /// Field staff: service staff, sales reps, promoters.
    Field,
    /// Dispatch clerk's order desk.
    Desk,
    /// Finance clerk.
    Finance,
    /// Renewal specialist.
    Renewals,
    /// Service and market supervisors.
    Supervisor,
    /// Station manager.
    Manager,
    /// Operations center GM, supervisor and channel department.
    OpsCenter,
    /// System administrator.
    Admin,
}

/// A text that is not the key of any [`Position`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
#[error("unknown position {key:?}")]
pub struct UnknownPosition {
    /// The text given.
    pub key: String,
}

impl UnknownPosition {
    /// Stable code for the UI to translate: `"position.unknown"`.
    pub fn code(&self) -> &'static str {
        "position.unknown"
    }
}

impl Position {
    /// Every position, station level first, in a stable order.
    pub const ALL: [Position; 13] = [
        Position::Manager,
        Position::ServiceSupervisor,
        Position::MarketSupervisor,
        Position::DispatchClerk,
        Position::FinanceClerk,
        Position::RenewalSpecialist,
        Position::SalesRep,
        Position::ServiceStaff,
        Position::Promoter,
        Position::OpsGm,
        Position::OpsSupervisor,
        Position::ChannelDept,
        Position::Admin,
    ];

    /// The stable snake_case key, identical to the serde form, e.g. `"finance_clerk"`.
    pub fn key(&self) -> &'static str {
        match self {
            Position::Manager => "manager",
            Position::ServiceSupervisor => "service_supervisor",
            Position::MarketSupervisor => "market_supervisor",
            Position::DispatchClerk => "dispatch_clerk",
            Position::FinanceClerk => "finance_clerk",
            Position::RenewalSpecialist => "renewal_specialist",
            Position::SalesRep => "sales_rep",
            Position::ServiceStaff => "service_staff",
            Position::Promoter => "promoter",
            Position::OpsGm => "ops_gm",
            Position::OpsSupervisor => "ops_supervisor",
            Position::ChannelDept => "channel_dept",
            Position::Admin => "admin",
        }
    }

    /// Parses an exact key (after trimming); the rule is [`Position::key`]'s spelling.
    pub fn parse(text: &str) -> Result<Position, UnknownPosition> {
        let text = text.trim();
        Position::ALL
            .into_iter()
            .find(|p| p.key() == text)
            .ok_or_else(|| UnknownPosition { key: text.to_owned() })
    }

    /// Rule: manager through promoter work at one station; the others are above it.
    pub fn is_station_level(&self) -> bool {
        !matches!(
            self,
            Position::OpsGm | Position::OpsSupervisor | Position::ChannelDept | Position::Admin
        )
    }

    /// Rule: service staff, sales reps and promoters work in the field.
    pub fn is_field_staff(&self) -> bool {
        matches!(self, Position::ServiceStaff | Position::SalesRep | Position::Promoter)
    }

    /// Rule: who may be handed a work order: the field staff and the service supervisor,
    /// who stands in on repairs.
    pub fn takes_orders(&self) -> bool {
        self.is_field_staff() || *self == Position::ServiceSupervisor
    }

    /// Rule: the station's service supervisor and market supervisor (not the ops-center
    /// supervisor, who is above the station).
    pub fn is_supervisor(&self) -> bool {
        matches!(self, Position::ServiceSupervisor | Position::MarketSupervisor)
    }

    /// Rule: the home page this position lands on after signing in.
    pub fn home(&self) -> Home {
        match self {
            Position::ServiceStaff | Position::SalesRep | Position::Promoter => Home::Field,
            Position::DispatchClerk => Home::Desk,
            Position::FinanceClerk => Home::Finance,
            Position::RenewalSpecialist => Home::Renewals,
            Position::ServiceSupervisor | Position::MarketSupervisor => Home::Supervisor,
            Position::Manager => Home::Manager,
            Position::OpsGm | Position::OpsSupervisor | Position::ChannelDept => Home::OpsCenter,
            Position::Admin => Home::Admin,
        }
    }
}

impl fmt::Display for Position {
    /// Writes the key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Position {
    type Err = UnknownPosition;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Position::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StrDeserializer};
    use serde::de::IntoDeserializer;
    use std::collections::BTreeSet;

    #[test]
    fn every_key_round_trips() {
        for p in Position::ALL {
            assert_eq!(Position::parse(p.key()), Ok(p));
            assert_eq!(p.to_string().parse::<Position>(), Ok(p));
            let de: StrDeserializer<DeError> = p.key().into_deserializer();
            assert_eq!(Position::deserialize(de), Ok(p), "serde key of {p:?}");
        }
    }

    #[test]
    fn keys_are_distinct() {
        let keys: BTreeSet<_> = Position::ALL.iter().map(Position::key).collect();
        assert_eq!(keys.len(), 13);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = Position::parse("Manager").unwrap_err();
        assert_eq!(err.key, "Manager");
        assert_eq!(err.code(), "position.unknown");
        assert!(Position::parse("").is_err());
        let de: StrDeserializer<DeError> = "boss".into_deserializer();
        assert!(Position::deserialize(de).is_err());
    }

    #[test]
    fn classification() {
        let station: Vec<_> = Position::ALL.into_iter().filter(|p| p.is_station_level()).collect();
        assert_eq!(station, Position::ALL[..9].to_vec());
        let field: Vec<_> = Position::ALL.into_iter().filter(|p| p.is_field_staff()).collect();
        assert_eq!(field, vec![Position::SalesRep, Position::ServiceStaff, Position::Promoter]);
        assert!(Position::ServiceSupervisor.is_supervisor());
        assert!(Position::MarketSupervisor.is_supervisor());
        assert!(!Position::OpsSupervisor.is_supervisor());
        assert!(!Position::Manager.is_supervisor());
    }

    #[test]
    fn homes() {
        use Position::*;
        let expected = [
            (Manager, Home::Manager),
            (ServiceSupervisor, Home::Supervisor),
            (MarketSupervisor, Home::Supervisor),
            (DispatchClerk, Home::Desk),
            (FinanceClerk, Home::Finance),
            (RenewalSpecialist, Home::Renewals),
            (SalesRep, Home::Field),
            (ServiceStaff, Home::Field),
            (Promoter, Home::Field),
            (OpsGm, Home::OpsCenter),
            (OpsSupervisor, Home::OpsCenter),
            (ChannelDept, Home::OpsCenter),
            (Admin, Home::Admin),
        ];
        for (p, home) in expected {
            assert_eq!(p.home(), home, "{p:?}");
        }
    }
}
