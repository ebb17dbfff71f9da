import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  API,
  noManage,
  scheduleBody,
  startOnCallBackend as start,
} from './__testUtils__/routes';

jest.setTimeout(60_000);

describe('on-call routes', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('lets every signed-in caller read and only holders of incident.oncall.manage change', async () => {
      const server = await start(await databases.init(databaseId), [noManage]);
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
});
