import request from 'supertest';
import {
  API,
  noManage,
  scheduleBody,
  describeOnCallRoutes,
} from './__testUtils__/routes';

jest.setTimeout(60_000);

describeOnCallRoutes(start => {
  it('lets every signed-in caller read and only holders of incident.oncall.manage change', async () => {
    const server = await start([noManage]);
    const denied = await request(server)
      .post(`${API}/oncall/schedules`)
      .send(scheduleBody());
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/incident.oncall.manage/);
    await request(server)
      .get(`${API}/oncall`)
      .query({ groupRef: 'group:default/checkout-team' })
      .expect(200);
    await request(server).get(`${API}/oncall/policies`).expect(200);
  });
});
