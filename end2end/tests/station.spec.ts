import { accounts, expect, hydrated, signIn, snapshot, test } from './helpers';

const dayFor: Record<string, string> = { phone: '2026-12-21', tablet: '2026-12-22', wall: '2026-12-23' };

test('the manager adds a closed day, is refused a bad one, and finds it in the history', async ({ page }, info) => {
  const day = dayFor[info.project.name];
  await signIn(page, accounts.manager);
  await page.goto('/station');
  await hydrated(page);
  await snapshot(page, info, 'station');

  const form = page.locator('form').filter({ has: page.getByRole('button', { name: '添加闭店日' }) });
  await form.getByLabel('日期').fill('2027-01-05');
  await form.getByLabel('原因').fill('盘点');
  await form.getByRole('button', { name: '添加闭店日' }).click();
  await expect(page.getByRole('alert')).toContainText('该年份没有工作日历');

  await form.getByLabel('日期').fill(day);
  await form.getByRole('button', { name: '添加闭店日' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: day })).toBeVisible();

  await page.goto('/history');
  await hydrated(page);
  const row = page.getByRole('row').filter({ hasText: day });
  await expect(row).toContainText('添加闭店日');
  await expect(row).toContainText('陈示五');
  await snapshot(page, info, 'history');
});
