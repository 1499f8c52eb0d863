/** A picked file as a data: URL, the form `media.upload` takes (the server reads the type from the bytes). */
export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}

/** Whole megabytes as bytes: platform limits are given in MB (1 MB = 1,048,576 bytes, as the server counts). */
export const megabytes = (mb: number) => mb * 1_048_576;
