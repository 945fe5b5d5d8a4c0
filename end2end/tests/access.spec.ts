import { accounts, expect, signIn, test } from './helpers';

test('a service staff member is refused from the admin pages', async ({ page }) => {
  await signIn(page, accounts.serviceStaff);
  await expect(page.getByRole('link', { name: '用户', exact: true })).toHaveCount(0);
  for (const path of ['/admin/users', '/history']) {
    await page.goto(path);
    await expect(page.getByRole('alert')).toContainText('您的岗位无权进行此操作。');
    await expect(page.getByText('13800000001')).toHaveCount(0);
  }
  // The working-day calendar is public knowledge: readable, but not editable.
  await page.goto('/admin/calendar');
  await expect(page.getByRole('heading', { name: '工作日历', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: '添加年份' })).toHaveCount(0);
});

test('nobody signed in is sent to the sign-in page', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login$/);
});
