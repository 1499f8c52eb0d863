import { useEffect, useState } from "react";

const PHONE = "(max-width: 640px)";

/** A phone's width, followed as the window turns or resizes: some pages show less at once there. */
export function usePhoneWidth(): boolean {
  const [phone, setPhone] = useState(() => typeof window !== "undefined" && window.matchMedia(PHONE).matches);
  useEffect(() => {
    const mq = window.matchMedia(PHONE);
    const on = () => setPhone(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return phone;
}
