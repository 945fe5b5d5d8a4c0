//! The audit log in words: actions, records and changed fields in the reader's language.

use super::format::position_name;
use crate::domain::position::Position;
use crate::i18n::*;
use serde_json::{Map, Value};

/// What was done, e.g. "修改用户" for `user.update`; an unknown action shows as stored.
pub fn action_text(locale: Locale, action: &str) -> String {
    let text = match action {
        "area.create" => td_string!(locale, audit.actions.area_create),
        "calendar.add_year" => td_string!(locale, audit.actions.calendar_add_year),
        "calendar.remove_day" => td_string!(locale, audit.actions.calendar_remove_day),
        "calendar.seed" => td_string!(locale, audit.actions.calendar_seed),
        "calendar.set_day" => td_string!(locale, audit.actions.calendar_set_day),
        "closed_day.create" => td_string!(locale, audit.actions.closed_day_create),
        "closed_day.delete" => td_string!(locale, audit.actions.closed_day_delete),
        "compound.create" => td_string!(locale, audit.actions.compound_create),
        "demo.load" => td_string!(locale, audit.actions.demo_load),
        "display.create" => td_string!(locale, audit.actions.display_create),
        "display.revoke" => td_string!(locale, audit.actions.display_revoke),
        "station.update" => td_string!(locale, audit.actions.station_update),
        "user.change_password" => td_string!(locale, audit.actions.user_change_password),
        "user.create" => td_string!(locale, audit.actions.user_create),
        "user.reset_password" => td_string!(locale, audit.actions.user_reset_password),
        "user.update" => td_string!(locale, audit.actions.user_update),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// The kind of record, e.g. "用户" for `user`.
pub fn entity_text(locale: Locale, entity: &str) -> String {
    let text = match entity {
        "area" => td_string!(locale, audit.entities.area),
        "calendar" => td_string!(locale, audit.entities.calendar),
        "calendar_day" => td_string!(locale, audit.entities.calendar_day),
        "calendar_year" => td_string!(locale, audit.entities.calendar_year),
        "closed_day" => td_string!(locale, audit.entities.closed_day),
        "compound" => td_string!(locale, audit.entities.compound),
        "display_link" => td_string!(locale, audit.entities.display_link),
        "station" => td_string!(locale, audit.entities.station),
        "user" => td_string!(locale, audit.entities.user),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// A field's name, e.g. "岗位" for `position`.
pub fn field_text(locale: Locale, field: &str) -> String {
    let text = match field {
        "active" => td_string!(locale, audit.fields.active),
        "address" => td_string!(locale, audit.fields.address),
        "area_id" => td_string!(locale, audit.fields.area_id),
        "close_time" => td_string!(locale, audit.fields.close_time),
        "day" => td_string!(locale, audit.fields.day),
        "hired_on" => td_string!(locale, audit.fields.hired_on),
        "kind" => td_string!(locale, audit.fields.kind),
        "label" => td_string!(locale, audit.fields.label),
        "locale" => td_string!(locale, audit.fields.locale),
        "mobile" => td_string!(locale, audit.fields.mobile),
        "name" => td_string!(locale, audit.fields.name),
        "name_zh" => td_string!(locale, audit.fields.name_zh),
        "open_time" => td_string!(locale, audit.fields.open_time),
        "ops_center_id" => td_string!(locale, audit.fields.ops_center_id),
        "phone" => td_string!(locale, audit.fields.phone),
        "position" => td_string!(locale, audit.fields.position),
        "reason" => td_string!(locale, audit.fields.reason),
        "revoked" => td_string!(locale, audit.fields.revoked),
        "reward_base_fen" => td_string!(locale, audit.fields.reward_base_fen),
        "reward_min_households" => td_string!(locale, audit.fields.reward_min_households),
        "station" => td_string!(locale, audit.fields.station),
        "station_id" => td_string!(locale, audit.fields.station_id),
        "subscribers" => td_string!(locale, audit.fields.subscribers),
        "year" => td_string!(locale, audit.fields.year),
        "years" => td_string!(locale, audit.fields.years),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// One field of a change: its stored key and its value before and after (`None` where that
/// side has no such field, as for a created or removed record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The fields that differ between two stored snapshots (JSON objects), in the order they
/// appear after the change and then before it. A snapshot that is not an object counts as
/// one field named "".
pub fn field_changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let before = before.map(object).unwrap_or_default();
    let after = after.map(object).unwrap_or_default();
    let mut keys: Vec<&String> = after.keys().collect();
    keys.extend(before.keys().filter(|key| !after.contains_key(*key)));
    keys.into_iter()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| FieldChange {
            field: key.clone(),
            before: before.get(key).cloned(),
            after: after.get(key).cloned(),
        })
        .collect()
}

fn object(text: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => Map::from_iter([(String::new(), other)]),
        Err(_) => Map::from_iter([(String::new(), Value::String(text.to_owned()))]),
    }
}

/// A stored value as a reader sees it: text as is, yes/no, positions by name, "—" for none.
pub fn value_text(locale: Locale, field: &str, value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::Bool(true)) => td_string!(locale, common.yes).to_string(),
        Some(Value::Bool(false)) => td_string!(locale, common.no).to_string(),
        Some(Value::String(text)) if field == "position" => match Position::parse(text) {
            Ok(position) => position_name(locale, position),
            Err(_) => text.clone(),
        },
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_listed() {
        let before = r#"{"name":"郭示新","position":"sales_rep","active":true}"#;
        let after = r#"{"name":"郭示新","position":"service_staff","active":true}"#;
        let changes = field_changes(Some(before), Some(after));
        assert_eq!(
            changes,
            vec![FieldChange {
                field: "position".into(),
                before: Some(json!("sales_rep")),
                after: Some(json!("service_staff")),
            }]
        );
        assert_eq!(value_text(Locale::zh, "position", changes[0].after.as_ref()), "服务人员");
    }

    #[test]
    fn a_created_record_lists_every_field_and_a_removed_one_too() {
        let created = field_changes(None, Some(r#"{"day":"2026-12-28","reason":"盘点"}"#));
        assert_eq!(created.len(), 2);
        assert!(created.iter().all(|c| c.before.is_none()));
        let removed = field_changes(Some(r#"{"day":"2026-12-28"}"#), None);
        assert_eq!(removed[0].after, None);
    }

    #[test]
    fn a_snapshot_that_is_not_an_object_is_still_shown() {
        let changes = field_changes(Some("not json"), Some("[1,2]"));
        assert_eq!(changes[0].field, "");
        assert_eq!(changes[0].before, Some(json!("not json")));
        assert_eq!(changes[0].after, Some(json!([1, 2])));
    }

    #[test]
    fn unknown_actions_and_fields_show_as_stored() {
        assert_eq!(action_text(Locale::en, "user.update"), "User edited");
        assert_eq!(action_text(Locale::zh, "leave.approve"), "leave.approve");
        assert_eq!(field_text(Locale::zh, "open_time"), "开门");
        assert_eq!(value_text(Locale::en, "active", Some(&json!(false))), "No");
    }
}
