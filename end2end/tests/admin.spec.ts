import { accounts, expect, hydrated, signIn, snapshot, test } from './helpers';

test('the admin creates a user, is refused a duplicate number, and sees the new user', async ({ page }, info) => {
  const suffix = { phone: '1', tablet: '2', wall: '3' }[info.project.name] ?? '9';
  const mobile = `1370000000${suffix}`;
  await signIn(page, accounts.admin);
  await page.goto('/admin/users');
  await hydrated(page);
  await page.getByText('新建用户').click();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: '创建' }) });

  await form.getByLabel('姓名').fill('测试新人');
  await form.getByLabel('手机号').fill(accounts.manager);
  await form.getByLabel('岗位').selectOption('promoter');
  await form.getByLabel('入职日期').fill('2026-03-02');
  await form.getByLabel('初始密码').fill('first-pass-1');
  await form.getByRole('button', { name: '创建' }).click();
  await expect(page.getByRole('alert')).toContainText('该手机号已被其他用户使用。');

  await form.getByLabel('手机号').fill(mobile);
  await form.getByRole('button', { name: '创建' }).click();
  await expect(page.getByRole('status')).toContainText('已创建用户 测试新人');
  await page.getByLabel('搜索姓名或手机号').fill(mobile);
  await expect(page.getByText(mobile)).toBeVisible();
  await snapshot(page, info, 'admin-users');
});
