import { type Browser, type Page } from '@playwright/test';
import { accounts, expect, hydrated, signIn, snapshot, test, watchErrors } from './helpers';

/** The demo's service staff: name on the dispatch list → mobile number. */
const serviceStaff: Record<string, string> = {
  徐示一: '13800000011',
  孙示二: '13800000012',
  马示三: '13800000013',
  朱示四: '13800000014',
};

async function phone(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return { context, page: await context.newPage() };
}

/** Logs a repair call that becomes an order; returns the order's number. */
async function logRepair(page: Page, matter: string): Promise<string> {
  await page.goto('/desk');
  await hydrated(page);
  const form = page.getByTestId('call-form');
  await form.getByLabel('电话').fill('13912345678');
  await form.getByLabel('联系人').fill('李先生');
  await form.getByLabel('工单类型').selectOption('repair');
  await form.getByLabel('事由').fill(matter);
  await form.getByLabel('栋').fill('3');
  await form.getByLabel('室').fill('501');
  await form.getByLabel('事由').press('Enter');
  const notice = page.getByRole('status').filter({ hasText: '生成工单' });
  await expect(notice).toBeVisible();
  return (await notice.textContent())!.match(/工单 #(\d+)/)![1];
}

test('a call goes to the field and back, earns points and reaches the wall', async ({ page, browser }, info) => {
  test.skip(info.project.name !== 'tablet', 'publishes the day, which happens once');
  test.setTimeout(120_000);
  await signIn(page, accounts.dispatch);
  const id = await logRepair(page, '电视没有信号（端到端）');
  const row = page.locator(`[data-testid="desk-order"][data-order="${id}"]`);
  await expect(row.getByTestId('order-status')).toHaveText('已受理');

  // Two taps: 派单, then the person (someone on shift; the list shows shift and load).
  await row.getByTestId('open-dispatch').click();
  const picker = row.getByTestId('dispatch-picker');
  const options = await picker.locator('button:not([disabled])').allTextContents();
  const name = Object.keys(serviceStaff).find((n) => options.some((o) => o.startsWith(n)))!;
  expect(name, `a service staff member on shift among ${options}`).toBeTruthy();
  await picker.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(row.getByTestId('order-status')).toHaveText('已派单');
  await snapshot(page, info, 'desk');

  // The field phone, one hand: accept, arrive, complete.
  const field = await phone(browser);
  const fieldErrors = watchErrors(field.page);
  await signIn(field.page, serviceStaff[name]);
  await field.page.goto('/field');
  await hydrated(field.page);
  const card = field.page.locator(`[data-testid="field-order"][data-order="${id}"]`);
  await expect(card.getByRole('link', { name: /地图/ })).toHaveAttribute('href', /uri\.amap\.com/);
  await expect(card.getByRole('link', { name: /李先生/ })).toHaveAttribute('href', 'tel:13912345678');
  const before = Number(await field.page.getByTestId('points-today').textContent());
  await card.getByTestId('step-accept').click();
  await expect(row.getByTestId('order-status')).toHaveText('已响应');
  await card.getByTestId('step-arrive').click();
  await expect(card.getByTestId('complete-form')).toBeVisible();
  await card.getByLabel('处理结果').fill('更换分支器，信号恢复');
  await card.getByLabel('故障原因').fill('分支器老化');
  await card.getByLabel('收费（元）').fill('20');
  await card.getByLabel('收费方式').selectOption('cash');
  await card.getByLabel('发票号').fill('FP-E2E-1');
  await snapshot(field.page, info, 'field-complete');
  // A double submission (a retry, an impatient thumb) is recorded once.
  await card.getByTestId('complete-form').evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(field.page.getByRole('status').filter({ hasText: `#${id}` })).toBeVisible();
  await expect(field.page.getByTestId('points-today')).toHaveText(String(before + 5));
  await snapshot(field.page, info, 'field-done');

  // The desk saw it complete without a reload; the clerk closes it.
  await expect(row.getByTestId('order-status')).toHaveText('已完工');
  await row.getByRole('button', { name: '回单' }).click();
  await expect(row).toHaveCount(0);
  await page.goto(`/orders/${id}`);
  await expect(page.getByTestId('order-status')).toHaveText('已回单');
  await expect(page.getByTestId('order-history').getByText('完工', { exact: true })).toHaveCount(1);

  // A wall screen open before publication shows the board once the clerk publishes.
  const manager = await browser.newContext();
  const managerPage = await manager.newPage();
  await signIn(managerPage, accounts.manager);
  await managerPage.goto('/displays');
  await hydrated(managerPage);
  await managerPage.getByLabel('名称').fill('积分公示屏');
  await managerPage.getByRole('button', { name: '生成链接' }).click();
  const path = (await managerPage.getByTestId('new-wall-link').textContent())!.trim();
  const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const wall = await wallContext.newPage();
  const wallErrors = watchErrors(wall);
  await wall.goto(path);
  await hydrated(wall);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await expect(wall.getByTestId('wall-points')).not.toContainText(today);

  await page.goto('/points');
  await hydrated(page);
  const person = page.getByTestId('points-person').filter({ hasText: name });
  await expect(person).toContainText('+5');
  const total = (await person.getByTestId('person-total').textContent())!.trim();
  await page.getByTestId('publish').click();
  await expect(page.getByTestId('board-state')).toContainText('已于');
  await page.getByTestId('publish').waitFor({ state: 'detached' });
  const line = wall.getByTestId('wall-points').getByRole('row').filter({ hasText: name });
  await expect(wall.getByTestId('wall-points')).toContainText(today);
  await expect(line.getByRole('cell').nth(2)).toHaveText(total);
  const shot = info.outputPath('wall-points.png');
  await wall.screenshot({ path: shot });
  await info.attach('wall-points', { path: shot, contentType: 'image/png' });

  // The next morning's inbox of the ops center holds the board.
  const gm = await browser.newContext();
  const gmPage = await gm.newPage();
  await signIn(gmPage, accounts.opsGm);
  await gmPage.goto('/board');
  await expect(gmPage.getByTestId('board-inbox')).toContainText(today);

  expect(fieldErrors).toEqual([]);
  expect(wallErrors).toEqual([]);
  await Promise.all([field.context.close(), wallContext.close(), manager.close(), gm.close()]);
});

test('an order past its deadline shows red on the desk', async ({ page }, info) => {
  await signIn(page, accounts.dispatch);
  await page.goto('/desk');
  await hydrated(page);
  // The replayed week left orders open past their deadlines.
  const overdue = page.locator('[data-testid="finish-clock"][data-urgency="overdue"]').first();
  await expect(overdue).toBeVisible();
  await expect(overdue).toHaveClass(/bg-red-600/);
  await expect(overdue).toContainText('超时');
  await snapshot(page, info, 'desk-overdue');
});

test('a save on a stale order is refused with a clear message', async ({ page, browser }, info) => {
  test.skip(info.project.name === 'phone', 'a desk task');
  await signIn(page, accounts.dispatch);
  const id = await logRepair(page, `机顶盒重启（${info.project.name}）`);
  const manager = await browser.newContext();
  const other = await manager.newPage();
  await signIn(other, accounts.manager);
  await other.goto(`/orders/${id}`);
  await hydrated(other);
  await page.goto(`/orders/${id}`);
  await hydrated(page);
  await other.getByTestId('edit-form').getByLabel('事由').fill('机顶盒重启后仍无信号');
  await other.getByTestId('edit-form').getByRole('button', { name: '保存' }).click();
  await expect(other.getByTestId('edit-form').getByLabel('事由')).toHaveValue('机顶盒重启后仍无信号');
  await page.getByTestId('edit-form').getByLabel('事由').fill('用户说已经好了');
  await page.getByTestId('edit-form').getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toContainText('该记录已被他人修改');
  await manager.close();
});

test('field staff cannot open the desk', async ({ page }) => {
  await signIn(page, accounts.serviceStaff);
  await page.goto('/desk');
  await expect(page.getByRole('alert').first()).toContainText('无权');
});
