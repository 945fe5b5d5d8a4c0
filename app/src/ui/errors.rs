//! Turns typed errors and their stable codes into sentences in the reader's language.

use crate::error::AppError;
use crate::i18n::*;

/// The sentence for a whole error.
pub fn error_text(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => td_string!(locale, err.unauthenticated).to_string(),
        AppError::NotFound => td_string!(locale, err.not_found).to_string(),
        AppError::Internal => td_string!(locale, err.internal).to_string(),
        AppError::Transport { .. } => td_string!(locale, err.transport).to_string(),
        AppError::Locked { minutes } => {
            td_string!(locale, err.locked, minutes = *minutes).to_string()
        }
        AppError::Forbidden { code } | AppError::Conflict { code } => code_text(locale, code),
        AppError::Invalid { problems } => match problems.first() {
            Some(problem) => code_text(locale, &problem.code),
            None => td_string!(locale, err.invalid).to_string(),
        },
    }
}

/// The sentence for one stable code such as `mobile.wrong_length`.
pub fn code_text(locale: Locale, code: &str) -> String {
    match code {
        "area.name_taken" => td_string!(locale, err.area_name_taken).to_string(),
        "calendar.duplicate_date" => td_string!(locale, err.calendar_duplicate_date).to_string(),
        "calendar.kind_unknown" => td_string!(locale, err.calendar_kind_unknown).to_string(),
        "calendar.outside_covered_years" => {
            td_string!(locale, err.calendar_outside_covered_years).to_string()
        }
        "calendar.workday_not_on_weekend" => {
            td_string!(locale, err.calendar_workday_not_on_weekend).to_string()
        }
        "calendar.year_exists" => td_string!(locale, err.calendar_year_exists).to_string(),
        "calendar.year_not_covered" => {
            td_string!(locale, err.calendar_year_not_covered).to_string()
        }
        "calendar.year_out_of_range" => {
            td_string!(locale, err.calendar_year_out_of_range).to_string()
        }
        "closed_day.duplicate" => td_string!(locale, err.closed_day_duplicate).to_string(),
        "compound.name_taken" => td_string!(locale, err.compound_name_taken).to_string(),
        "date.invalid" => td_string!(locale, err.date_invalid).to_string(),
        "date.required" => td_string!(locale, err.date_required).to_string(),
        "forbidden.admin_approves" => td_string!(locale, err.forbidden_admin_approves).to_string(),
        "forbidden.other_station" => td_string!(locale, err.forbidden_other_station).to_string(),
        "forbidden.own_request" => td_string!(locale, err.forbidden_own_request).to_string(),
        "forbidden.position" => td_string!(locale, err.forbidden_position).to_string(),
        "forbidden.second_signature" => {
            td_string!(locale, err.forbidden_second_signature).to_string()
        }
        "hours.close_before_open" => td_string!(locale, err.hours_close_before_open).to_string(),
        "label.control_character" => td_string!(locale, err.label_control_character).to_string(),
        "label.empty" => td_string!(locale, err.label_empty).to_string(),
        "label.too_long" => td_string!(locale, err.label_too_long).to_string(),
        "locale.unknown" => td_string!(locale, err.locale_unknown).to_string(),
        "mobile.bad_prefix" => td_string!(locale, err.mobile_bad_prefix).to_string(),
        "mobile.empty" => td_string!(locale, err.mobile_empty).to_string(),
        "mobile.not_digits" => td_string!(locale, err.mobile_not_digits).to_string(),
        "mobile.taken" => td_string!(locale, err.mobile_taken).to_string(),
        "mobile.wrong_length" => td_string!(locale, err.mobile_wrong_length).to_string(),
        "order.cancelled" => td_string!(locale, err.order_cancelled).to_string(),
        "order.closed" => td_string!(locale, err.order_closed).to_string(),
        "order.out_of_order" => td_string!(locale, err.order_out_of_order).to_string(),
        "order.not_open" => td_string!(locale, err.order_not_open).to_string(),
        "order.unknown_compound" => td_string!(locale, err.order_unknown_compound).to_string(),
        "order.unknown_kind" => td_string!(locale, err.order_unknown_kind).to_string(),
        "order.unknown_fee_method" => td_string!(locale, err.order_unknown_fee_method).to_string(),
        "order.fee_method_required" => {
            td_string!(locale, err.order_fee_method_required).to_string()
        }
        "order.invalid_invoice_no" => td_string!(locale, err.order_invalid_invoice_no).to_string(),
        "order.bad_key" => td_string!(locale, err.order_bad_key).to_string(),
        "order.same_assignee" => td_string!(locale, err.order_same_assignee).to_string(),
        "order.assignee_not_in_station" => {
            td_string!(locale, err.order_assignee_not_in_station).to_string()
        }
        "order.assignee_not_on_shift" => {
            td_string!(locale, err.order_assignee_not_on_shift).to_string()
        }
        "order.cancel_reason_required" => {
            td_string!(locale, err.order_cancel_reason_required).to_string()
        }
        "call.unknown_channel" => td_string!(locale, err.call_unknown_channel).to_string(),
        "window.ends_before_start" => td_string!(locale, err.window_ends_before_start).to_string(),
        "window.in_the_past" => td_string!(locale, err.window_in_the_past).to_string(),
        "window.too_far" => td_string!(locale, err.window_too_far).to_string(),
        "points.not_a_number" => td_string!(locale, err.points_not_a_number).to_string(),
        "points.too_many_decimals" => td_string!(locale, err.points_too_many_decimals).to_string(),
        "points.out_of_range" => td_string!(locale, err.points_out_of_range).to_string(),
        "points.zero" => td_string!(locale, err.points_zero).to_string(),
        "points.reason_required" => td_string!(locale, err.points_reason_required).to_string(),
        "points.future_day" => td_string!(locale, err.points_future_day).to_string(),
        "points.not_in_station" => td_string!(locale, err.points_not_in_station).to_string(),
        "points.correction_mismatch" => {
            td_string!(locale, err.points_correction_mismatch).to_string()
        }
        "board.already_published" => td_string!(locale, err.board_already_published).to_string(),
        "text.required" => td_string!(locale, err.text_required).to_string(),
        "phone.invalid" => td_string!(locale, err.phone_invalid).to_string(),
        "forbidden.not_yours" => td_string!(locale, err.forbidden_not_yours).to_string(),
        "callback.rating_without_reach" => {
            td_string!(locale, err.callback_rating_without_reach).to_string()
        }
        "callback.rating_range" => td_string!(locale, err.callback_rating_range).to_string(),
        "callback.reached_required" => {
            td_string!(locale, err.callback_reached_required).to_string()
        }
        "callback.not_a_completed_install" => {
            td_string!(locale, err.callback_not_a_completed_install).to_string()
        }
        "callback.duplicate" => td_string!(locale, err.callback_duplicate).to_string(),
        "complaint.unknown_order" => td_string!(locale, err.complaint_unknown_order).to_string(),
        "penalty.unknown_source" => td_string!(locale, err.penalty_unknown_source).to_string(),
        "record.bad_id" => td_string!(locale, err.record_bad_id).to_string(),
        "settings.negative_points" => td_string!(locale, err.settings_negative_points).to_string(),
        "settings.drag_minutes_range" => {
            td_string!(locale, err.settings_drag_minutes_range).to_string()
        }
        "settings.drag_reassignments_range" => {
            td_string!(locale, err.settings_drag_reassignments_range).to_string()
        }
        "settings.past_date" => td_string!(locale, err.settings_past_date).to_string(),
        "import.empty_file" => td_string!(locale, err.import_empty_file).to_string(),
        "import.too_large" => td_string!(locale, err.import_too_large).to_string(),
        "import.unknown_encoding" => td_string!(locale, err.import_unknown_encoding).to_string(),
        "import.not_csv" => td_string!(locale, err.import_not_csv).to_string(),
        "import.not_xlsx" => td_string!(locale, err.import_not_xlsx).to_string(),
        "import.missing_column" => td_string!(locale, err.import_missing_column).to_string(),
        "import.bad_external_ref" => td_string!(locale, err.import_bad_external_ref).to_string(),
        "import.duplicate_external_ref" => {
            td_string!(locale, err.import_duplicate_external_ref).to_string()
        }
        "import.bad_time" => td_string!(locale, err.import_bad_time).to_string(),
        "import.future_time" => td_string!(locale, err.import_future_time).to_string(),
        "import.bad_matter" => td_string!(locale, err.import_bad_matter).to_string(),
        "import.too_long" => td_string!(locale, err.import_too_long).to_string(),
        "order.fee_too_large" => td_string!(locale, err.order_fee_too_large).to_string(),
        "points.too_old" => td_string!(locale, err.points_too_old).to_string(),
        "date.too_old" => td_string!(locale, err.date_too_old).to_string(),
        "money.empty" => td_string!(locale, err.money_empty).to_string(),
        "money.negative" => td_string!(locale, err.money_negative).to_string(),
        "money.not_a_number" => td_string!(locale, err.money_not_a_number).to_string(),
        "money.out_of_range" => td_string!(locale, err.money_out_of_range).to_string(),
        "money.too_many_decimals" => td_string!(locale, err.money_too_many_decimals).to_string(),
        "number.out_of_range" => td_string!(locale, err.number_out_of_range).to_string(),
        "ops_center.required" => td_string!(locale, err.ops_center_required).to_string(),
        "ops_center.unknown" => td_string!(locale, err.ops_center_unknown).to_string(),
        "user.cannot_demote_self" => td_string!(locale, err.user_cannot_demote_self).to_string(),
        "password.current_wrong" => td_string!(locale, err.password_current_wrong).to_string(),
        "password.empty" => td_string!(locale, err.password_empty).to_string(),
        "password.mismatch" => td_string!(locale, err.password_mismatch).to_string(),
        "password.too_long" => td_string!(locale, err.password_too_long).to_string(),
        "password.too_short" => td_string!(locale, err.password_too_short).to_string(),
        "person_name.control_character" => {
            td_string!(locale, err.person_name_control_character).to_string()
        }
        "person_name.empty" => td_string!(locale, err.person_name_empty).to_string(),
        "person_name.too_long" => td_string!(locale, err.person_name_too_long).to_string(),
        "position.unknown" => td_string!(locale, err.position_unknown).to_string(),
        "record.stale" => td_string!(locale, err.record_stale).to_string(),
        "sign_in.wrong_credentials" => {
            td_string!(locale, err.sign_in_wrong_credentials).to_string()
        }
        "station.name_taken" => td_string!(locale, err.station_name_taken).to_string(),
        "station.required" => td_string!(locale, err.station_required).to_string(),
        "station.unknown" => td_string!(locale, err.station_unknown).to_string(),
        "text.control_character" => td_string!(locale, err.text_control_character).to_string(),
        "text.too_long" => td_string!(locale, err.text_too_long).to_string(),
        "time.invalid" => td_string!(locale, err.time_invalid).to_string(),
        "user.cannot_deactivate_self" => {
            td_string!(locale, err.user_cannot_deactivate_self).to_string()
        }
        _ => td_string!(locale, err.invalid).to_string(),
    }
}
