// Invitation links and password resets, end to end through the e-mails in the outbox.
import { expect, test } from "@playwright/test";

import { DEMO, login, readOutbox } from "./support";

const link = (text: string, path: string) => {
  const match = text.match(new RegExp(`https?://\\S+${path}#[A-Za-z0-9_-]+`));
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
};

test("a counsellor opens a file and invites the young person, who activates the app on a phone", async ({ browser }) => {
  const email = `ines.${Date.now()}@exemple.fr`;
  const staff = await browser.newPage();
  await login(staff, DEMO.conseiller);
  await staff.goto("/conseiller/jeunes");
  await staff.getByLabel("Prénom", { exact: true }).fill("Inès");
  await staff.getByLabel("Nom", { exact: true }).fill("Haddad");
  await staff.getByLabel("Date de naissance").fill("2007-05-04");
  await staff.getByLabel("E-mail").fill(email);
  await staff.getByRole("button", { name: "Ouvrir le dossier", exact: true }).click();
  // On a reused server an earlier run's Inès Haddad looks like the same person: confirm.
  const anyway = staff.getByRole("button", { name: "Ouvrir quand même un nouveau dossier" });
  const title = staff.getByRole("heading", { level: 1, name: "Inès Haddad" });
  await expect(title.or(anyway)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("Inès Haddad");
  await expect(staff.getByText("Pas de compte")).toBeVisible();
  await staff.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(staff.getByText(`Invitation envoyée à ${email}`)).toBeVisible();
  // The file is read again: the app account now shows as invited, and the notice stays.
  await expect(staff.locator("dd", { hasText: "Invitation envoyée" })).toBeVisible();
  await expect(staff.getByText(`Invitation envoyée à ${email}`)).toBeVisible();

  const invitation = link(await readOutbox(email), "/invitation");
  const phone = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await phone.newPage();
  await page.goto(invitation);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bienvenue, Inès");
  await expect(page.getByText("Mission Locale de démonstration vous invite")).toBeVisible();
  // The policy is checked in the browser before anything is sent.
  await page.getByLabel("Mot de passe", { exact: true }).fill("court");
  await page.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(page.getByRole("alert")).toContainText("au moins 8 caractères");
  await page.getByLabel("Mot de passe", { exact: true }).fill("Mon-Velo-2026");
  await page.getByLabel("Confirmez le mot de passe").fill("Mon-Velo-2026");
  await page.getByRole("button", { name: "Activer mon compte" }).click();
  await expect(page).toHaveURL(/\/jeune$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bonjour Inès");

  // The link works once.
  const again = await phone.newPage();
  await again.goto(invitation);
  await expect(again.getByRole("alert")).toContainText("a expiré ou a déjà servi");
  await phone.close();
});

// One reset e-mail per account every 2 minutes: against a long-lived server, wait that long
// before running this test again.
test("a forgotten password is replaced through the e-mailed link", async ({ page }) => {
  const asked = Date.now();
  await page.goto("/connexion");
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
  await page.getByLabel("Adresse e-mail").fill(DEMO.jeunes.chloe);
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await expect(page.getByRole("status")).toContainText("Si un compte correspond à cette adresse");

  await page.goto(link(await readOutbox(DEMO.jeunes.chloe, asked), "/mot-de-passe/nouveau"));
  await page.getByLabel("Nouveau mot de passe").fill("Nouveau-Depart-26");
  await page.getByLabel("Confirmez le mot de passe").fill("Nouveau-Depart-26");
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await expect(page).toHaveURL(/\/connexion\?reinitialise=1$/);
  await expect(page.getByRole("status")).toContainText("Votre mot de passe a été changé");
  await login(page, DEMO.jeunes.chloe, "Nouveau-Depart-26");
  await expect(page).toHaveURL(/\/jeune$/);
});

test("an administrator invites a colleague", async ({ page }) => {
  const email = `nouvelle.${Date.now()}@ml-demo.test`;
  await login(page, DEMO.admin);
  await page.goto("/conseiller/equipe");
  await page.getByLabel("Prénom", { exact: true }).fill("Sofia");
  await page.getByLabel("Nom", { exact: true }).fill("Rami");
  await page.getByLabel("E-mail professionnel").fill(email);
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("Rôle : Choisissez un rôle.");
  await page.getByLabel("Rôle").selectOption("conseiller");
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText("Invitation envoyée à Sofia Rami.")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) })).toContainText("Invitation envoyée");
  expect(await readOutbox(email)).toContain("« Conseiller·ère »");
});

test("a counsellor invites a user of a partner organisation", async ({ page }) => {
  const email = `marc.${Date.now()}@tfm.test`;
  await login(page, DEMO.conseiller);
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Partenaires" }).click();
  await page.getByRole("link", { name: "Transports Flandres Mobilité" }).click();
  await page.getByLabel("Prénom", { exact: true }).fill("Marc");
  await page.getByLabel("Nom", { exact: true }).fill("Lenoir");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${email}.`)).toBeVisible();
  await expect(page.getByText(`Marc Lenoir — ${email} (Invitation envoyée)`)).toBeVisible();
  expect(await readOutbox(email)).toContain("portail des partenaires");
});
