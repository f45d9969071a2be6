// The agenda (issue 5): a young person books two follow-up appointments from a phone, moves one
// and cancels the other; her counsellor then finds the remaining one in the week view. The
// steps share Léa Moreau's appointments, so they run in order.
import { expect, test, type Page } from "@playwright/test";

import { DEMO, DEMO_PASSWORD, a11y, login } from "./support";

test.describe.configure({ mode: "serial" });

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

async function noViolations(page: Page, where: string) {
  const violations = await a11y(page);
  expect(violations.map((v) => `${where}: ${v.id} — ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function noSidewaysScroll(page: Page, where: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The cards of the coming appointments. */
const upcoming = (page: Page) =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: "Mes prochains rendez-vous" }) }).locator("li.card");

/**
 * Books a follow-up appointment in the last free slot of the 14 days shown (always more than a
 * day ahead: the young person may still move or cancel it) and returns the slot's name.
 */
async function bookLastSlot(page: Page): Promise<string> {
  await page.getByRole("button", { name: /^Entretien de suivi/ }).click();
  const slots = page.locator("ul.slots").getByRole("button");
  await expect(slots.first()).toBeVisible();
  const slot = slots.last();
  const name = (await slot.textContent()) ?? "";
  await slot.click();
  await expect(page.getByText("Vous avez choisi :")).toBeVisible();
  await page.getByLabel("Un mot pour préparer le rendez-vous").fill("Je voudrais parler de mon CV.");
  await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
  await expect(page.getByRole("status").getByText(/Rendez-vous pris/)).toBeVisible();
  return name;
}

/** "mar. 24/11 · 10:00–10:30" of a card: its day ("24/11") and its times. */
async function whenOf(card: ReturnType<Page["locator"]>): Promise<{ day: string; times: string }> {
  const text = (await card.locator("strong").first().textContent()) ?? "";
  const m = /(\d\d\/\d\d) · (\d\d:\d\d–\d\d:\d\d)/.exec(text);
  expect(m, `no date in "${text}"`).not.toBeNull();
  return { day: m![1], times: m![2] };
}

let kept: { day: string; times: string };

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a young person books two appointments, moves one and cancels the other", async ({ page }) => {
    await login(page, DEMO.jeunes.lea);
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Rendez-vous" }).click();
    await expect(heading(page)).toHaveText("Mes rendez-vous");
    await expect(page.getByText("Aucun rendez-vous prévu.")).toBeVisible();
    await noViolations(page, "rendez-vous (vide)");

    // Two follow-up appointments with her counsellor.
    await bookLastSlot(page);
    await expect(upcoming(page)).toHaveCount(1);
    await bookLastSlot(page);
    await expect(upcoming(page)).toHaveCount(2);
    await noViolations(page, "rendez-vous");
    await noSidewaysScroll(page, "/jeune/rendez-vous");

    // Booked by herself: her coming is confirmed.
    await expect(upcoming(page).first().getByText("Présence confirmée")).toBeVisible();

    // She moves the first one to the first slot of the last day shown.
    const before = await whenOf(upcoming(page).first());
    await upcoming(page).first().getByRole("button", { name: "Déplacer" }).click();
    await expect(page.getByRole("heading", { name: "Déplacer un rendez-vous" })).toBeVisible();
    const lastDay = page.locator("ul.slots").last().getByRole("button");
    await expect(lastDay.first()).toBeVisible();
    await lastDay.first().click();
    await page.getByRole("button", { name: "Confirmer le déplacement" }).click();
    await expect(page.getByRole("status").getByText(/Rendez-vous déplacé/)).toBeVisible();
    await expect(upcoming(page)).toHaveCount(2);

    // She cancels the other one (the later of the two).
    const later = upcoming(page).last();
    const cancelled = await whenOf(later);
    await later.getByRole("button", { name: "Annuler" }).click();
    await page.getByRole("button", { name: "Oui, annuler le rendez-vous" }).click();
    await expect(page.getByRole("status").getByText("Rendez-vous annulé.")).toBeVisible();
    await expect(upcoming(page)).toHaveCount(1);
    kept = await whenOf(upcoming(page).first());
    expect(kept).not.toEqual(before);
    expect(kept).not.toEqual(cancelled);
    const past = page.locator("section").filter({ has: page.getByRole("heading", { name: "Mes rendez-vous passés" }) });
    await expect(past.getByText("Annulé").first()).toBeVisible();

    // Her rhythm, and her calendar address.
    await page.getByRole("group", { name: "À quel rythme souhaitez-vous voir votre conseiller ?" }).getByLabel("Toutes les deux semaines").check();
    await page.getByRole("button", { name: "Enregistrer mon rythme" }).click();
    await expect(page.getByRole("status").getByText(/Votre rythme est enregistré/)).toBeVisible();
    await page.getByRole("button", { name: "Ajouter à mon agenda" }).click();
    await expect(page.getByLabel(/Adresse à copier/)).toHaveValue(/^https?:\/\/.+\.ics$/);
    await noViolations(page, "rendez-vous (fin)");
    await noSidewaysScroll(page, "/jeune/rendez-vous");
  });
});

test("the counsellor finds the appointment in her week", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Agenda", exact: true }).click();
  await expect(heading(page)).toHaveText("Agenda");
  const day = page.locator("section.agenda-day").filter({ has: page.getByRole("heading", { name: new RegExp(kept.day) }) });
  // The slot picker covers 14 days: the appointment is this week or within the next two.
  for (let i = 0; i < 3 && (await day.count()) === 0; i++) {
    await page.getByRole("button", { name: "Semaine suivante" }).click();
    await expect(page.getByRole("heading", { name: /^Semaine du/ })).toBeVisible();
  }
  const entry = day.locator("li").filter({ hasText: "Léa Moreau" }).filter({ hasText: kept.times });
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("link", { name: "Léa Moreau" })).toHaveAttribute("href", /\/rendez-vous$/);
  await noViolations(page, "agenda");

  // Her file's appointments page shows it too, with the messages sent to Léa.
  await entry.getByRole("link", { name: "Léa Moreau" }).click();
  await expect(heading(page)).toHaveText(/Rendez-vous — Léa/);
  await expect(page.getByRole("heading", { name: "Rendez-vous à venir" })).toBeVisible();
  await expect(page.getByText("Rythme souhaité par le jeune : Toutes les deux semaines.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Messages au jeune" })).toBeVisible();
  await expect(page.getByText("Confirmation").first()).toBeVisible();
  await noViolations(page, "dossier rendez-vous");
});

test("a young person confirms an appointment her counsellor booked", async ({ page }) => {
  await login(page, DEMO.jeunes.yanis);
  await page.goto("/jeune/rendez-vous");
  await expect(heading(page)).toHaveText("Mes rendez-vous");
  const card = upcoming(page).filter({ has: page.getByRole("button", { name: "Confirmer ma présence" }) }).first();
  const when = await whenOf(card);
  await card.getByRole("button", { name: "Confirmer ma présence" }).click();
  await expect(page.getByRole("status").getByText("Merci ! Votre présence est confirmée.")).toBeVisible();
  const confirmed = upcoming(page).filter({ hasText: when.times }).filter({ hasText: when.day });
  await expect(confirmed.getByText("Présence confirmée")).toBeVisible();
});

test("a slot taken meanwhile is refused with the server's words and the slots are read again", async ({ page, request }) => {
  const session = async (email: string) => {
    const response = await request.post("/api/v1/auth/login", { data: { email, password: DEMO_PASSWORD } });
    expect(response.status()).toBe(200);
    const body = await response.json();
    return { headers: { Authorization: `Bearer ${body.access_token}` }, youth: body.account.youth_id as string };
  };
  const lea = await session(DEMO.jeunes.lea);
  const yanis = await session(DEMO.jeunes.yanis);
  const staff = await session(DEMO.conseiller);

  await login(page, DEMO.jeunes.lea);
  await page.goto("/jeune/rendez-vous");
  await page.getByRole("button", { name: /^Entretien de suivi/ }).click();
  const slots = page.locator("ul.slots").getByRole("button");
  await expect(slots.first()).toBeVisible();
  const chosen = (await slots.last().textContent()) ?? "";
  await slots.last().click();
  await expect(page.getByText("Vous avez choisi :")).toBeVisible();

  // Meanwhile the counsellor gives that very slot to another young person.
  const setup = await (await request.get("/api/v1/agenda/setup", { headers: lea.headers })).json();
  const type = setup.appointment_types.find((t: { label: string }) => t.label === "Entretien de suivi");
  const list = await (
    await request.get(`/api/v1/youths/${lea.youth}/slots?appointment_type_id=${type.id}&days=14`, { headers: lea.headers })
  ).json();
  const slot = list.slots[list.slots.length - 1];
  const taken = await request.post(`/api/v1/youths/${yanis.youth}/appointments`, {
    headers: staff.headers,
    data: { appointment_type_id: type.id, starts_at: slot.starts_at, host_id: slot.host.id, site_id: slot.site_id },
  });
  expect(taken.status(), await taken.text()).toBe(201);

  await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
  await expect(page.getByRole("alert")).toContainText("Ce créneau vient d'être pris : choisissez-en un autre.");
  await expect(slots.first()).toBeVisible();
  await expect(slots.filter({ hasText: chosen })).toHaveCount(0);
  await noViolations(page, "créneau pris");
});

test("a counsellor adds a meeting to her agenda and cancels it", async ({ page }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/agenda");
  await page.getByRole("button", { name: "Ajouter une entrée" }).click();
  // Tomorrow (Paris), before opening hours.
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
  await page.getByLabel("Type d'entrée").selectOption({ label: "Réunion" });
  await page.getByLabel("Date").fill(tomorrow);
  await page.getByLabel("Début").fill("08:00");
  await page.getByLabel("Fin").fill("07:30");
  await page.getByRole("button", { name: "Ajouter l'entrée" }).click();
  await expect(page.getByRole("alert")).toContainText("L'heure de fin doit suivre l'heure de début.");
  await page.getByLabel("Fin").fill("08:45");
  await page.getByLabel("Intitulé").fill("Réunion d'équipe");
  await page.getByRole("button", { name: "Ajouter l'entrée" }).click();
  await expect(page.getByRole("status").getByText(/Entrée ajoutée : Réunion d'équipe/)).toBeVisible();
  const entry = page.locator("section.agenda-day li").filter({ hasText: "Réunion d'équipe" });
  await expect(entry).toContainText("08:00–08:45");
  await entry.getByRole("button", { name: "Annuler" }).click();
  await page.getByRole("button", { name: "Oui, annuler l'entrée" }).click();
  await expect(page.getByRole("status").getByText("Entrée annulée.")).toBeVisible();
  // Cancelled entries leave the week.
  await expect(entry).toHaveCount(0);
});

test("reception changes its opening hours", async ({ page }) => {
  await login(page, DEMO.accueil);
  await page.goto("/conseiller/agenda/disponibilites");
  await expect(heading(page)).toHaveText("Mes horaires d'ouverture");
  const rows = page.locator("fieldset.hours-row");
  const before = await rows.count();
  await page.getByRole("button", { name: "Ajouter une plage" }).click();
  await expect(rows).toHaveCount(before + 1);
  // The new window overlaps Friday morning: refused, the field named.
  await page.getByRole("button", { name: "Enregistrer mes horaires" }).click();
  await expect(page.getByRole("alert")).toContainText("chevauche");
  const added = rows.last();
  await added.getByLabel("Jour").selectOption({ label: "samedi" });
  await page.getByRole("button", { name: "Enregistrer mes horaires" }).click();
  await expect(page.getByRole("status").getByText("Vos horaires sont enregistrés.")).toBeVisible();
  await page.reload();
  await expect(rows).toHaveCount(before + 1);
  await rows.last().getByRole("button", { name: /^Retirer la plage/ }).click();
  await expect(rows).toHaveCount(before);
  await page.getByRole("button", { name: "Enregistrer mes horaires" }).click();
  await expect(page.getByRole("status").getByText("Vos horaires sont enregistrés.")).toBeVisible();
});

test("a manager sets the booking deadline and the reminders, refused values are explained", async ({ page }) => {
  await login(page, DEMO.manager);
  await page.goto("/conseiller/structure");
  const panel = page.locator("section").filter({ has: page.getByRole("heading", { name: "Rendez-vous et rappels" }) });
  await expect(panel.getByLabel("Un jeune déplace ou annule jusqu'à (heures avant)")).toHaveValue("24");
  await expect(panel.getByRole("button", { name: "Enregistrer ce type" })).toHaveCount(5);
  await noViolations(page, "agenda settings");
  // Out of range: the server's reason is shown, nothing is saved.
  await panel.getByLabel("Réservation en ligne jusqu'à (jours à l'avance)").fill("0");
  await panel.getByRole("button", { name: "Enregistrer les réglages" }).click();
  await expect(panel.getByText("L'horizon de réservation va de 1 à 120 jours.")).toBeVisible();
  await panel.getByLabel("Réservation en ligne jusqu'à (jours à l'avance)").fill("28");
  await panel.getByLabel("Rappel 3 : canal").selectOption({ label: "SMS" });
  await panel.locator("#heures-2").fill("2");
  await panel.getByRole("button", { name: "Enregistrer les réglages" }).click();
  await expect(panel.getByText("Réglages enregistrés.")).toBeVisible();
  await page.reload();
  await expect(panel.getByLabel("Rappel 3 : canal")).toHaveValue("sms");
  await expect(panel.locator("#heures-2")).toHaveValue("2");
  // Back to the demo's two reminders for the other tests.
  await panel.getByLabel("Rappel 3 : canal").selectOption({ label: "— aucun —" });
  await panel.getByRole("button", { name: "Enregistrer les réglages" }).click();
  await expect(panel.getByText("Réglages enregistrés.")).toBeVisible();
});

test("a counsellor books a meeting with a partner, who sees it on the portal", async ({ page, browser }) => {
  await login(page, DEMO.conseiller);
  await page.goto("/conseiller/agenda");
  await page.getByRole("button", { name: "Ajouter une entrée" }).click();
  // In two days (Paris), before opening hours: nothing else there.
  const day = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
  await page.getByLabel("Type d'entrée").selectOption({ label: "Rendez-vous partenaire" });
  await page.getByLabel("Date").fill(day);
  await page.getByLabel("Début").fill("07:00");
  await page.getByLabel("Fin").fill("07:45");
  await page.getByLabel("Partenaire").selectOption({ label: "Transports Flandres Mobilité" });
  await page.getByRole("button", { name: "Ajouter l'entrée" }).click();
  await expect(page.getByRole("status").getByText(/Entrée ajoutée : Rendez-vous — Transports Flandres Mobilité/)).toBeVisible();
  const partner = await browser.newPage();
  await login(partner, DEMO.partenaire);
  const [y, m, d] = day.split("-");
  await expect(partner.getByRole("listitem").filter({ hasText: `${d}/${m}/${y} à 07:00` })).toContainText("avec Thomas Lefebvre");
  await partner.close();
});
