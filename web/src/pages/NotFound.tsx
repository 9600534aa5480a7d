// NotFound.tsx: the page for an address the app does not know.
import { href } from '../router';
import { PageTitle } from '../ui';

export function NotFoundPage() {
  return (
    <section>
      <PageTitle>Không tìm thấy trang</PageTitle>
      <p>
        Địa chỉ này không tồn tại. <a href={href('/')}>Về trang tổng quan</a>.
      </p>
    </section>
  );
}
