//! The agenda (issue 5): counsellors' opening hours and absences, appointment types, free slots
//! and booking "like Doctolib", every kind of time in one agenda, workshops with their waiting
//! list, attendance and feedback, reminders and their delivery status.
//!
//! Times are instants (UTC) on the wire and in the database; opening hours are Paris wall-clock
//! times, turned into instants day by day so that a week across the daylight-saving change keeps
//! its 9:00–12:00 mornings.

pub mod settings;
pub mod slots;
pub mod workshop;

pub use settings::*;
pub use slots::*;
pub use workshop::*;

use crate::file::lists::closed_list;

closed_list! {
    /// How an appointment takes place.
    AppointmentMode {
        /// At a site of the Mission Locale.
        SurSite = "sur_site" => "Sur site",
        /// By phone.
        Telephone = "telephone" => "Par téléphone",
        /// By video.
        Visio = "visio" => "En visio",
    }
}

closed_list! {
    /// What a slot of an agenda holds.
    EventKind {
        /// An appointment with a young person.
        RendezVousJeune = "rendez_vous_jeune" => "Rendez-vous jeune",
        /// An appointment with a partner (C13).
        RendezVousPartenaire = "rendez_vous_partenaire" => "Rendez-vous partenaire",
        /// Administrative time.
        Administratif = "administratif" => "Temps administratif",
        /// A meeting.
        Reunion = "reunion" => "Réunion",
        /// A training.
        Formation = "formation" => "Formation",
        /// An absence (leave, sick day…): no booking in it.
        Absence = "absence" => "Absence",
        /// A workshop the person facilitates or a young person attends.
        Atelier = "atelier" => "Atelier",
    }
}

impl EventKind {
    /// Whether the kind is an appointment someone books (with a young person or a partner).
    pub const fn is_appointment(self) -> bool {
        matches!(
            self,
            EventKind::RendezVousJeune | EventKind::RendezVousPartenaire
        )
    }
}

closed_list! {
    /// Where an appointment stands (the national tool's Planifié / Présent / Absent / Annulé).
    AppointmentStatus {
        /// Booked, to come.
        Planifie = "planifie" => "Planifié",
        /// The person came.
        Present = "present" => "Présent",
        /// The person did not come.
        Absent = "absent" => "Absent",
        /// The person warned they could not come.
        Excuse = "excuse" => "Excusé",
        /// Cancelled.
        Annule = "annule" => "Annulé",
    }
}

closed_list! {
    /// Presence at a workshop (B17).
    Attendance {
        /// Came.
        Present = "present" => "Présent",
        /// Did not come.
        Absent = "absent" => "Absent",
        /// Warned beforehand.
        Excuse = "excuse" => "Excusé",
    }
}

closed_list! {
    /// How often the young person wishes to see their counsellor (F2).
    FollowUpIntensity {
        /// Every week.
        Hebdomadaire = "hebdomadaire" => "Toutes les semaines",
        /// Every two weeks.
        Bimensuelle = "bimensuelle" => "Toutes les deux semaines",
        /// Every month.
        Mensuelle = "mensuelle" => "Tous les mois",
        /// When needed.
        AuBesoin = "au_besoin" => "Quand j'en ai besoin",
    }
}

closed_list! {
    /// How a message reaches the young person.
    MessageChannel {
        /// E-mail.
        Email = "email" => "E-mail",
        /// SMS.
        Sms = "sms" => "SMS",
    }
}

closed_list! {
    /// What a message is.
    MessageKind {
        /// A booking confirmation (with its `.ics`).
        Confirmation = "confirmation" => "Confirmation",
        /// A reminder before an appointment or a workshop.
        Rappel = "rappel" => "Rappel",
        /// A cancellation.
        Annulation = "annulation" => "Annulation",
        /// A place freed on a workshop's waiting list.
        PlaceLiberee = "place_liberee" => "Place libérée",
        /// The feedback form after a workshop.
        Avis = "avis" => "Demande d'avis",
    }
}

closed_list! {
    /// Delivery status of a message (visible on the file).
    MessageStatus {
        /// Waiting for its time or for the job worker.
        EnAttente = "en_attente" => "En attente",
        /// Handed to the provider.
        Envoye = "envoye" => "Envoyé",
        /// Given up after the last attempt.
        Echec = "echec" => "Échec",
        /// No longer needed (the appointment was moved or cancelled).
        Annule = "annule" => "Annulé",
    }
}

closed_list! {
    /// A young person's place on a workshop.
    RegistrationStatus {
        /// Has a seat.
        Inscrit = "inscrit" => "Inscrit",
        /// On the waiting list.
        EnAttente = "en_attente" => "Liste d'attente",
        /// Withdrew or was withdrawn.
        Annule = "annule" => "Désinscrit",
    }
}
