// Swagger UI in headless Chromium (Debian's /usr/bin/chromium; Playwright never downloads a browser):
// the page loads without console errors, shows every resource group, "Authorize" takes an API key, and
// "Try it out" on the article list answers 200 with data, and a picture uploaded through the file picker answers 201. API_URL, API_KEY, SCREENSHOT from the environment.
import { chromium } from "playwright-core";

const { API_URL: baseUrl, API_KEY: key, SCREENSHOT: screenshot } = process.env;
/** A 400 × 300 grey PNG, uploaded through Swagger UI's file picker. */
const GREY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAZAAAAEsCAIAAABi1XKVAAAD70lEQVR4nO3UsQkAIBDAwB/b2tqhXcFOAgc3QKrM2gcgYb4XADwyLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgAzDAjIMC8gwLCDDsIAMwwIyDAvIMCwgw7CADMMCMgwLyDAsIMOwgIwLXoxGV+0inGwAAAAASUVORK5CYII=";
if (!baseUrl || !key || !screenshot) throw new Error("API_URL, API_KEY and SCREENSHOT must be set");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  page.on("console", m => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", e => errors.push(`page error: ${e.message}`));
  page.on("requestfailed", r => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.setDefaultTimeout(20000);

  await page.goto(`${baseUrl}/swagger/index.html`, { waitUntil: "networkidle" });
  await page.locator(".opblock-tag").first().waitFor();
  const groups = await page.locator(".opblock-tag").evaluateAll(tags => tags.map(t => t.getAttribute("data-tag")));
  for (const group of ["Articles", "Authors", "Tags", "Sources", "Site", "Keys", "Index"])
    if (!groups.includes(group)) throw new Error(`resource group ${group} missing; shown: ${groups.join(", ")}`);
  // Each group lists list, get, create, update, delete, then actions (operation-order.js), not the document's order.
  for (const [group, expected] of [
    ["Tags", ["List", "Get", "Create", "Update", "Delete"]],
    ["Articles", ["List", "Get", "RevisionsGet", "Create", "Update", "Delete", "Archive", "Corrections", "PreviewCreate", "PreviewRevoke", "Publish", "Related", "Restore", "RevisionsList", "RevisionsDiff", "RevisionsRestore", "Takedown", "Unpublish"]],
  ]) {
    const shown = await page.locator(`[id^="operations-${group}-"]`).evaluateAll(
      (ops, prefix) => ops.map(o => o.id.slice(prefix.length)), `operations-${group}-${group}`);
    if (shown.join() !== expected.join()) throw new Error(`${group} operations in order ${shown.join(", ")}`);
  }
  const title = await page.locator(".info .title").innerText();
  if (!title.includes("ArticlesApi")) throw new Error(`title: ${title}`);

  // Authorize with the key.
  await page.locator(".auth-wrapper button.authorize").click();
  const dialog = page.locator(".dialog-ux .modal-ux");
  await dialog.locator("input").first().fill(key);
  await dialog.locator("button.authorize").click();
  await dialog.locator("button.btn-done").click();
  await page.locator(".auth-wrapper button.authorize.locked").waitFor();

  // Try it out: GET /api/v1/articles.
  const operation = page.locator("#operations-Articles-ArticlesList");
  await operation.locator(".opblock-summary").click();
  await operation.locator("button.try-out__btn").click();
  await operation.locator("button.execute").click();
  const status = operation.locator(".live-responses-table tbody tr.response td.response-col_status").first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  if (code !== "200") throw new Error(`Try it out answered ${code}`);
  const body = await operation.locator(".live-responses-table tbody tr.response td.response-col_description pre").first().innerText();
  const parsed = JSON.parse(body);
  if (!Array.isArray(parsed.data) || parsed.data.length === 0) throw new Error(`Try it out: no data in ${body.slice(0, 500)}`);
  const curl = await operation.locator(".curl-command").innerText();
  if (!curl.includes("Authorization: Bearer")) throw new Error(`the request did not carry the key: ${curl}`);

  // Upload a picture through the file picker: POST /api/v1/media, multipart/form-data with `file` and `alt`.
  const upload = page.locator("#operations-Media-MediaUpload");
  await upload.locator(".opblock-summary").click();
  await upload.locator("button.try-out__btn").click();
  await upload.locator('input[type="file"]').setInputFiles({ name: "grey.png", mimeType: "image/png", buffer: Buffer.from(GREY_PNG, "base64") });
  await upload.locator('tr[data-property-name="alt"] input').fill("A grey rectangle");
  await upload.locator("button.execute").click();
  const uploaded = upload.locator(".live-responses-table tbody tr.response td.response-col_status").first();
  await uploaded.waitFor();
  const uploadCode = (await uploaded.innerText()).trim();
  const uploadBody = await upload.locator(".live-responses-table tbody tr.response td.response-col_description pre").first().innerText();
  if (uploadCode !== "201") throw new Error(`the upload through the file picker answered ${uploadCode}: ${uploadBody.slice(0, 500)}`);
  const media = JSON.parse(uploadBody);
  if (media.width !== 400 || media.height !== 300 || media.alt !== "A grey rectangle")
    throw new Error(`the uploaded picture reads back as ${uploadBody.slice(0, 500)}`);

  await operation.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: true });
  if (errors.length > 0) throw new Error(`errors in the page:\n${errors.join("\n")}`);
  console.log(`swagger ui ok: groups ${groups.join(", ")}; Try it out 200 with ${parsed.data.length} articles; upload 201 (${media.renditions.length} renditions); screenshot ${screenshot}`);
} finally {
  await browser.close();
}
