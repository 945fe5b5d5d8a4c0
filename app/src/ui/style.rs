//! Named Tailwind class lists shared by the screens.

pub const CARD: &str = "rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200";
pub const H1: &str = "text-xl font-semibold text-slate-900 md:text-2xl";
pub const H2: &str = "text-lg font-semibold text-slate-800";
pub const LABEL: &str = "block text-sm font-medium text-slate-700";
pub const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-3 \
     text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600/30";
pub const BUTTON: &str = "inline-flex min-h-12 items-center justify-center rounded-lg \
     bg-teal-700 px-5 py-3 text-base font-semibold text-white hover:bg-teal-800 \
     disabled:opacity-60";
pub const BUTTON_QUIET: &str = "inline-flex min-h-11 items-center justify-center rounded-lg \
     border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 \
     hover:bg-slate-50";
pub const BUTTON_DANGER: &str = "inline-flex min-h-11 items-center justify-center rounded-lg \
     border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50";
pub const NOTICE: &str =
    "rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200";
pub const ALERT: &str = "rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200";
pub const TABLE: &str = "w-full text-left text-sm";
pub const TH: &str = "border-b border-slate-200 px-3 py-2 font-semibold text-slate-600";
pub const TD: &str = "border-b border-slate-100 px-3 py-2 align-top";
pub const STAT: &str = "text-3xl font-bold text-slate-900";
pub const MUTED: &str = "text-sm text-slate-500";
/// A message about the action just taken, kept in sight above the phone's bottom bar (or at
/// the corner of a larger screen) however far down the page the button was.
pub const TOAST_ALERT: &str = "fixed inset-x-3 bottom-20 z-30 rounded-lg bg-red-700 px-4 py-3 \
     text-base text-white shadow-lg md:inset-x-auto md:bottom-6 md:right-6 md:max-w-md";
pub const TOAST_NOTICE: &str = "fixed inset-x-3 bottom-20 z-30 rounded-lg bg-teal-800 px-4 py-3 \
     text-base text-white shadow-lg md:inset-x-auto md:bottom-6 md:right-6 md:max-w-md";
/// A passing trouble the app is handling (resending a step), at the top of the phone.
pub const TOAST_WARNING: &str = "fixed inset-x-3 top-3 z-30 rounded-lg bg-amber-300 px-4 py-3 \
     text-base font-semibold text-black shadow-lg";
/// A person to send an order to, in the desk's list of people.
pub const PICK: &str = "min-h-12 rounded-lg border border-teal-700 bg-white px-3 text-sm \
     font-medium text-teal-900 hover:bg-teal-50 disabled:border-slate-200 disabled:text-slate-400";
