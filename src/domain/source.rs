//! A plan file as validation hands it on: what it holds (a plan, or a registry), with what the store keeps of
//! the file (its path, hash and text). The type between `planfile` and `store`, so neither depends on the
//! other.

use super::{Document, Plan, Unit};
use std::path::PathBuf;

/// What a validated file holds: one plan, or the shared registry of documents.
#[derive(Debug, Clone)]
pub enum Content {
    /// A plan file (`[plan]`, `[[tasks]]`, ...).
    Plan(Box<Plan>),
    /// A registry file (`[[documents]]` and `[[units]]`, no `[plan]`), e.g. `plans/documents.toml`.
    Registry(Registry),
}

/// What a registry file records once for every plan.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Legal documents and their effect.
    pub documents: Vec<Document>,
    /// The agency's own units, with their members.
    pub units: Vec<Unit>,
    /// The office that writes reports and letters, when this file describes it.
    pub office: Option<Box<super::Office>>,
    /// Days of the years' official schedules.
    pub calendar: Vec<super::CalendarDay>,
}

/// A file that validated, with what the store needs to know of the file.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// The path as given (or found in a folder).
    pub path: PathBuf,
    /// What it holds.
    pub content: Content,
    /// SHA-256 of the file's bytes, hex.
    pub hash: String,
    /// The file's text, kept with each revision of a plan.
    pub text: String,
}

impl PlanFile {
    /// The plan, when the file is a plan file.
    pub fn plan(&self) -> Option<&Plan> {
        match &self.content {
            Content::Plan(p) => Some(p),
            Content::Registry(_) => None,
        }
    }
}
