// The outbox reader understands the files lettre writes (no browser needed).
import { expect, test } from "@playwright/test";

import { addresses, decodeWords, parseEml } from "./support";

const CRLF = (text: string) => text.replace(/\n/g, "\r\n");

// As written by the server for a password reset (token replaced).
const QUOTED_PRINTABLE = CRLF(`From: Passerelle <ne-pas-repondre@passerelle.invalid>
To: =?utf-8?b?TMOpYQ==?= <lea.moreau@ml-demo.test>
Subject: =?utf-8?b?UsOpaW5pdGlhbGlzYXRpb24=?= de votre mot de passe
 Passerelle
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable
Date: Sun, 22 Nov 2026 17:17:32 +0000

Bonjour L=C3=A9a,

Vous avez demand=C3=A9 =C3=A0 changer votre mot de passe. Ouvrez ce lien po=
ur en choisir un nouveau :
http://127.0.0.1:8080/mot-de-passe/nouveau#abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=
GHIJ

=E2=80=94 Passerelle
`);

test("quoted-printable bodies and encoded headers are decoded", () => {
  const message = parseEml("a.eml", QUOTED_PRINTABLE);
  expect(message.subject).toBe("Réinitialisation de votre mot de passe Passerelle");
  expect(addresses(message.to)).toEqual(["lea.moreau@ml-demo.test"]);
  expect(message.text).toBe(
    "Bonjour Léa,\n\nVous avez demandé à changer votre mot de passe. Ouvrez ce lien pour en " +
      "choisir un nouveau :\nhttp://127.0.0.1:8080/mot-de-passe/nouveau#" +
      "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ\n\n— Passerelle",
  );
});

test("base64 bodies are decoded", () => {
  const body = Buffer.from("Bonjour Chloé,\nvoici votre invitation.\n", "utf8").toString("base64");
  const raw = CRLF(`From: Passerelle <ne-pas-repondre@passerelle.invalid>
To: chloe.petit@ml-demo.test
Subject: =?utf-8?q?Votre_acc=C3=A8s?=
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${body.slice(0, 20)}
${body.slice(20)}
`);
  const message = parseEml("b.eml", raw);
  expect(message.subject).toBe("Votre accès");
  expect(message.text).toBe("Bonjour Chloé,\nvoici votre invitation.\n");
  expect(addresses(message.to)).toEqual(["chloe.petit@ml-demo.test"]);
});

test("the text part of a multipart message is chosen", () => {
  const raw = CRLF(`To: "Yanis" <YANIS.belkacem@ml-demo.test>, autre@ml-demo.test
Subject: Test
Content-Type: multipart/alternative; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Texte seul
--XYZ
Content-Type: text/html; charset=utf-8

<p>HTML</p>
--XYZ--
`);
  const message = parseEml("c.eml", raw);
  expect(message.text).toBe("Texte seul");
  expect(addresses(message.to)).toEqual(["yanis.belkacem@ml-demo.test", "autre@ml-demo.test"]);
  expect(decodeWords("=?utf-8?b?TMOp?= =?utf-8?b?YQ==?=")).toBe("Léa");
});
