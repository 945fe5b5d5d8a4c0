//! How fast the clocks are: open-minutes arithmetic and working-day arithmetic, the two
//! calculations every work-order deadline and front-desk time limit goes through.
//! Run with `cargo bench -p app --bench clocks`; prints nanoseconds per call.

use app::domain::calendar::{DayKind, OfficialCalendar, SpecialDay};
use app::domain::open_hours::{OpenHours, StationClock};
use app::domain::shanghai;
use chrono::{NaiveDate, NaiveTime};
use std::hint::black_box;
use std::time::Instant;

const SEED_CSV: &str = include_str!("../seed/cn_calendar.csv");

fn calendar() -> OfficialCalendar {
    let days = SEED_CSV.lines().skip(1).filter(|line| !line.trim().is_empty()).map(|line| {
        let fields: Vec<&str> = line.split(',').collect();
        SpecialDay {
            date: fields[0].parse().expect("a date"),
            kind: DayKind::parse(fields[1]).expect("a kind"),
            name: fields[2].to_owned(),
            name_zh: fields[3].to_owned(),
        }
    });
    OfficialCalendar::new([2024, 2025, 2026], days).expect("the seed calendar is valid")
}

/// Runs `f` enough times to take about half a second and prints the mean time per call.
fn measure(name: &str, mut f: impl FnMut()) {
    let mut calls = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            f();
        }
        let elapsed = start.elapsed();
        if elapsed.as_millis() >= 500 {
            let per_call = elapsed.as_nanos() as f64 / calls as f64;
            println!("{name:<58} {per_call:>10.1} ns/call ({calls} calls)");
            return;
        }
        calls *= 2;
    }
}

fn main() {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a date");
    let at = |y, m, d, h, min| {
        shanghai::at(date(y, m, d), NaiveTime::from_hms_opt(h, min, 0).expect("a time"))
    };
    let closed: Vec<NaiveDate> = (1..=28).step_by(3).map(|d| date(2026, 2, d)).collect();
    let clock = StationClock::new(OpenHours::default(), closed);
    let calendar = calendar();
    let close = NaiveTime::from_hms_opt(20, 0, 0).expect("a time");

    measure("add 30 open minutes at 19:30 (respond clock)", || {
        black_box(clock.add_open_minutes(black_box(at(2026, 3, 2, 19, 30)), 30));
    });
    measure("add 240 open minutes at 19:30 (finish clock)", || {
        black_box(clock.add_open_minutes(black_box(at(2026, 3, 2, 19, 30)), 240));
    });
    measure("add 240 open minutes across ten closed days in February", || {
        black_box(clock.add_open_minutes(black_box(at(2026, 2, 1, 19, 30)), 240));
    });
    measure("add 100,000 open minutes (about six months)", || {
        black_box(clock.add_open_minutes(black_box(at(2026, 1, 5, 9, 0)), 100_000));
    });
    measure("open minutes between two instants a month apart", || {
        black_box(
            clock.open_minutes_between(at(2026, 2, 1, 7, 0), black_box(at(2026, 3, 1, 21, 0))),
        );
    });
    measure("matter due in 15 working days from Spring Festival eve", || {
        let received = black_box(at(2026, 2, 13, 18, 0));
        black_box(calendar.matter_due(received, 15, close).expect("covered"));
    });
    measure("add 200 working days from 2024-01-02", || {
        black_box(calendar.add_working_days(black_box(date(2024, 1, 2)), 200).expect("covered"));
    });
}
